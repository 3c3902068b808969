"""The site's routes, a blueprint a module: pages (the listing and the posts), popular, search,
feeds (Atom, sitemaps, robots.txt), health and share (presses and a post's share bar)."""
