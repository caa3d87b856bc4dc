"""One router per resource: documents, jobs, the dashboard queries, the web pages."""
