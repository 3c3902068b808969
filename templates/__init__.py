"""The site's Jinja templates, installed as the package `community_site.templates`.

A package (mapped by setuptools' package-dir) so that a checkout, an editable install and an
installed wheel all find the templates the same way: importlib.resources.
"""
