"""`python -m pyrer_ls`: run the language server on stdio."""

from pyrer_ls.server import start

if __name__ == "__main__":
    start()
