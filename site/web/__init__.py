"""How a response is made: the page cache and the count slots filled into it, conditional
requests and compression, static assets, security headers, body limits, error pages, the
URLs pages link with, and the gunicorn settings the site is served with."""
