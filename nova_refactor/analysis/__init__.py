"""From many FileFacts to one Analysis: summary, offenders, inventories, imports."""
