"""Laying out pages: the WeasyPrint adapter and what acts on laid-out pages."""
