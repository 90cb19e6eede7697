"""HTML pages of the register: records, imports, the portal and open data."""
