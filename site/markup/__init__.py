"""The HTML that pages repeat many times over, built in Python: share buttons, a post's share
total, and a post's entry in a listing or in search results.

Written in Python rather than as template macros because pages show many of them: a post page
has eleven buttons, a listing ten entries, and as Jinja macros the post page's share bar alone
was the largest part of an uncached page (README, Performance). Every value is escaped here;
counts are slots (web/slots.py), filled per response. The layout and everything around these
are templates, which call these as template globals (views/pages.py, views/search.py).
"""
