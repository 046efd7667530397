"""The investigator's workbench (Dash app) and the `civicfusion` command line."""
