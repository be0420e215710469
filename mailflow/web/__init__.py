"""Web app for staff and supervisors."""
