"""The Keystone API's nine services, one module each, mounted on the client by ``client.py``."""
