"""Read-side queries of the web app (inbox, search, reports, admin lists)."""
