"""Local stand-ins for Microsoft 365's mail endpoints (Entra ID token endpoint, Exchange Online
SMTP AUTH with XOAUTH2, Microsoft Graph mail), for testing email sending with no internet.

See docs/ms365-notes.md for what each fake checks and where the shapes come from.
"""
