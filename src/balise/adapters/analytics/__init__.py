"""The audit engine's data access: DuckDB streaming over CSV and Parquet files."""
