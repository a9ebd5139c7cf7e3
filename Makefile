# Factory Suite — see README.md.  Every target runs from the repository root.
FACTORY_CACHE ?= $(HOME)/.cache/factory-suite
export FACTORY_CACHE
VENV := $(FACTORY_CACHE)/venv
TEST_DB ?= factory_test
export TEST_DB

.PHONY: setup run test testdb pytest peer-test pot lint clean-db bench-data bench soak access-matrix \
	backup restore deploy-check replica replica-check upgrade-check

setup:            ## PostgreSQL, Odoo 18.0 source, virtualenv (idempotent)
	@bash setup/bootstrap.sh

run: setup        ## demo database + server on http://localhost:8069
	@bash setup/run.sh

test: setup       ## lint, fresh test database, every test (pytest closing line last)
	@bash setup/lint.sh
	@bash setup/testdb.sh
	@bash setup/pytest.sh

testdb: setup     ## only (re)build the test database
	@bash setup/testdb.sh

pytest:           ## only run the tests against the existing test database
	@bash setup/pytest.sh $(ARGS)

peer-test: setup  ## Odoo's own stock/mrp/purchase tests: suite vs baseline (PEER_SET=full|ci)
	@bash setup/peer.sh

lint: setup       ## ruff check + format check
	@bash setup/lint.sh

access-matrix:    ## regenerate docs/access_matrix.md from the code on the test database (ARGS=--check: compare only)
	@bash setup/access_matrix.sh $(ARGS)

pot: setup        ## regenerate i18n/<module>.pot of every module from the test database
	@bash setup/pot.sh

clean-db:         ## drop the test and template databases
	@bash -c '. setup/common.sh; for d in $$(psql_q "SELECT datname FROM pg_database WHERE datname LIKE '"'"'factory\_%'"'"' AND datname <> '"'"'factory_demo'"'"'"); do db_drop $$d; done'

bench-data: setup ## benchmark database (ARGS="--profile small|large --db factory_bench_x --seed N")
	@$(VENV)/bin/python bench/generate.py $(ARGS)

bench: setup      ## benchmark table on a generated database (ARGS="--db factory_bench_x --runs 7")
	@$(VENV)/bin/python bench/run.py $(ARGS)

soak: setup       ## 20 concurrent clients vs a prefork Odoo on a copy of $(TEST_DB) (ARGS="--clients 20 --on-hand 10")
	@$(VENV)/bin/python bench/soak.py $(ARGS)

backup: setup     ## archive a database + its filestore (DB=factory_demo BACKUP_DIR=~/.cache/factory-suite/backups KEEP=n)
	@DB="$(DB)" BACKUP_DIR="$(BACKUP_DIR)" KEEP="$(KEEP)" bash setup/backup.sh

restore: setup    ## restore an archive into a new database (FILE=... DB=name; FORCE=1 replaces, NEUTRALIZE=1)
	@FILE="$(FILE)" DB="$(DB)" FORCE="$(FORCE)" NEUTRALIZE="$(NEUTRALIZE)" bash setup/restore.sh

deploy-check: setup ## nginx (TLS, self-signed) + prefork Odoo on a copy of $(TEST_DB): HTTPS checks, then stops all
	@bash setup/deploy_check.sh

replica: setup    ## PostgreSQL streaming replica on 127.0.0.1:5433 + an Odoo profile using it (REPLICA_DROP=1 removes it)
	@REPLICA_DROP="$(REPLICA_DROP)" bash setup/replica.sh

replica-check:    ## after make replica: board, shortage and dashboard reads served by the replica, writes by the primary
	@FACTORY_ODOO_SRC="$${FACTORY_ODOO_SRC:-$(FACTORY_CACHE)/odoo-18.0}" $(VENV)/bin/python setup/replica_check.py --source $(TEST_DB) --port $$(( $${TEST_HTTP_PORT:-8169} + 30 ))

upgrade-check: setup ## -u of every suite module on a copy of DB (default $(TEST_DB)): checksums of stock, documents, alerts, statements equal
	@DB="$(DB)" bash setup/upgrade_check.sh
