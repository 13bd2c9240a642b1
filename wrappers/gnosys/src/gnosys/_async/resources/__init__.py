"""The Gnosys API's resource groups, one module each, mounted on the client by ``client.py``."""
