"""The accounts app's pages, by audience: account.py (sign-in, sign-up, second factor, tokens, the admin's
user management) and owner.py (owner self-service and the staff review queue for it)."""
