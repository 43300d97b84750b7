"""Every named figure of Sentra is defined once here (see figures.py)."""
