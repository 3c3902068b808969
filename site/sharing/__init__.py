"""What sharing needs beside its views: the table of networks, readers' keys (counted once a
day, without cookies or raw addresses), the per-address rate limit and recording a press."""
