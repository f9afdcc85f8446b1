"""Business rules as plain functions: views, the API, the CLI and jobs all call these."""
