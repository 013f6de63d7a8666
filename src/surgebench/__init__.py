"""surgebench: surge staffing for AI post-training programs."""
