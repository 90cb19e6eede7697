"""The regulator's overview across organisations."""
