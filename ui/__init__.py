"""The PySide6 window. Calls the services in app/, never SQL or sessions."""
