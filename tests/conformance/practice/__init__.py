"""The practice check: its rules, report, CLI, web application and batch view."""
