# The two commands of the README, and a few helpers for contributors.
.PHONY: run test i18n migration screenshots

PORT ?= 8000

run:  ## install, then serve the demo on http://127.0.0.1:$(PORT) (SQLite in ./data; make run PORT=8080)
	./scripts/setup.sh run
	python3 -m uv run --no-dev balise serve --host 127.0.0.1 --port $(PORT)

test:  ## install the development tools, then run every check and test
	./scripts/setup.sh test
	./scripts/test.sh

i18n:  ## extract translatable strings and update the catalogues
	python3 -m uv run python scripts/i18n.py extract

migration:  ## generate a migration from the schema: make migration m="what changed"
	python3 -m uv run alembic revision --autogenerate -m "$(m)"

screenshots:  ## a screenshot of every main page in four languages and at 320 px, into screenshots/
	python3 -m uv run python scripts/screenshots.py
