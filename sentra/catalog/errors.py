class CatalogError(Exception):
    """A rule of the catalog was broken; the message is Indonesian and meant for the user."""
