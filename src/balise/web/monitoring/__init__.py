"""The monitoring room: incidents and citizens 'requests on the web and the API."""
