"""Every cron of the suite is safe when two workers run it at once.

Two real transactions (two cursors of the registry, as two Odoo workers
have) on the committed test database: the first runs a cron's method and
keeps its transaction open, the second runs the same method meanwhile. The
second must neither wait for the first (lock_timeout: a wait fails the test
instead of hanging) nor create a second copy of what the first made: no
duplicate alert, to-do, outbox message, stocktake or classification. Both
transactions are rolled back: nothing is committed.

Odoo's own guard comes first: the cron worker takes the ir_cron row with
``FOR NO KEY UPDATE SKIP LOCKED`` (ir.cron._acquire_one_job), so a second
worker skips a job being run and "Run Manually" refuses it.
"""

from contextlib import contextmanager
from datetime import date

import pytest

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tools import config

SUITE_CRONS = (
    "factory_stock.ir_cron_factory_abc",
    "factory_stock.ir_cron_factory_cycle_count",
    "factory_alerts.ir_cron_factory_alert_rule",
    "factory_alerts.ir_cron_factory_alert_outbox",
    "factory_api.ir_cron_factory_api_idempotency_purge",
    "factory_reports.ir_cron_factory_report_export_job",
)


@contextmanager
def two_workers():
    registry = Registry(config["db_name"])
    cursors = [registry.cursor(), registry.cursor()]
    try:
        for cr in cursors:
            cr.execute("SET LOCAL lock_timeout = '5s'")
        yield [api.Environment(cr, SUPERUSER_ID, {}) for cr in cursors]
    finally:
        for cr in cursors:
            cr.rollback()
            cr.close()


def _count(env, table, where="TRUE", params=()):
    env.flush_all()
    env.cr.execute(f"SELECT count(*) FROM {table} WHERE {where}", params)
    return env.cr.fetchone()[0]


def test_cron_worker_lock_lets_one_worker_run_a_job():
    with two_workers() as (first, second):
        IrCron = first["ir.cron"]
        for xmlid in SUITE_CRONS:
            cron = first.ref(xmlid)
            assert cron.active
            # alone, a worker gets the job (it is due on the test database)
            job = IrCron._acquire_one_job(second.cr, cron.id)
            assert job and job["id"] == cron.id, f"{xmlid} is not due: cannot test"
            second.cr.rollback()
            second.cr.execute("SET LOCAL lock_timeout = '5s'")
            # while the first runs it, the second skips it, and a manual run
            # is refused
            assert IrCron._acquire_one_job(first.cr, cron.id)["id"] == cron.id
            assert IrCron._acquire_one_job(second.cr, cron.id) is None
            with pytest.raises(UserError):
                second.ref(xmlid).method_direct_trigger()
            first.cr.rollback()
            second.cr.rollback()
            second.cr.execute("SET LOCAL lock_timeout = '5s'")


def _new_shortage(env, rule):
    """A condition of ``rule`` that holds in this transaction only: a
    material of its scope gets a safety stock far above its stock, in a new
    bin of one of its warehouses (each worker's own rows: no lock shared)."""
    warehouse = rule._factory_warehouses()[:1]
    env = env(context=dict(env.context, allowed_company_ids=rule.company_id.ids))
    alerted = env["factory.alert"].search([("rule_id", "=", rule.id)]).product_id
    product = env["product.product"].search(
        [("id", "in", rule._factory_product_query()), ("id", "not in", alerted.ids)],
        limit=1,
    )
    assert warehouse and product, "the low-stock rule of the demo has a scope"
    location = env["stock.location"].create(
        {"name": "Parallel bin", "location_id": warehouse.lot_stock_id.id}
    )
    env["stock.warehouse.orderpoint"].create(
        {
            "product_id": product.id,
            "warehouse_id": warehouse.id,
            "location_id": location.id,
            "product_min_qty": 1e9,
            "product_max_qty": 2e9,
        }
    )
    return product


def test_alert_dispatch_twice_at_once_alerts_once():
    with two_workers() as (first, second):
        Rule = first["factory.alert.rule"]
        due = Rule.search([("next_run", "<=", first.cr.now())])
        low = due.filtered(lambda r: r.rule_type == "below_safety")[:1]
        assert len(due) >= 2 and low, "the demo's rules are due on the test database"
        products = {
            env: _new_shortage(env, env["factory.alert.rule"].browse(low.id))
            for env in (first, second)
        }
        assert products[first] == products[second]
        tables = ("factory_alert", "factory_alert_outbox", "mail_activity")
        before = {table: _count(second, table) for table in tables}
        first["factory.alert.rule"]._cron_dispatch()
        assert _count(
            first,
            "factory_alert",
            "rule_id = %s AND product_id = %s",
            [low.id, products[first].id],
        ), "the first run raises the new shortage"
        # the second at the same time leaves every rule to the first: no
        # second alert of the shortage, no to-do, no message, no rule run
        second["factory.alert.rule"]._cron_dispatch()
        assert {table: _count(second, table) for table in tables} == before
        assert not _count(
            second,
            "factory_alert_rule",
            "id IN %s AND (next_run > now() AT TIME ZONE 'UTC' "
            "OR last_error IS NOT NULL)",
            [tuple(due.ids)],
        )


def test_alert_rule_run_now_while_the_cron_runs_it():
    with two_workers() as (first, second):
        rule = first["factory.alert.rule"].search(
            [("next_run", "<=", first.cr.now())], limit=1
        )
        first["factory.alert.rule"]._cron_dispatch()
        with pytest.raises(UserError):
            second["factory.alert.rule"].browse(rule.id)._factory_run()


def test_outbox_sent_once_by_two_workers():
    with two_workers() as (first, second):
        Outbox = first["factory.alert.outbox"]
        pending = Outbox.search(
            [("state", "=", "pending"), ("next_try", "<=", first.cr.now())]
        )
        assert pending, "the demo's alerts left messages to send"
        # the first worker holds every due message (as while sending them)
        taken = [Outbox._factory_take_one(ids=[m.id]) for m in pending]
        assert [m.id for m in taken] == pending.ids
        # the second finds nothing to send: no message goes out twice
        assert (
            second["factory.alert.outbox"]._factory_take_one()
            == second["factory.alert.outbox"].browse()
        )
        assert second["factory.alert.outbox"]._factory_send_pending() == 0


def test_abc_classification_twice_at_once():
    with two_workers() as (first, second):
        classified = first["product.product"]._cron_compute_abc()
        assert classified > 0
        # the second does not wait for the first and changes nothing it holds
        assert second["product.product"]._cron_compute_abc() == 0


def _next_dates(env):
    env.flush_all()
    env.cr.execute(
        "SELECT id, factory_next_count_date FROM product_product ORDER BY id"
    )
    return env.cr.fetchall()


def test_cycle_count_planning_twice_at_once_plans_once():
    # a Monday, the 28th: the materials never planned that a run puts in
    # the first month are all due that day
    day = date(2030, 1, 28)
    with two_workers() as (first, second):
        before = _count(second, "factory_stocktake")
        dates = _next_dates(second)
        planned = first["product.product"]._cron_plan_cycle_counts(today=day)
        assert planned, "the first run plans the demo's materials"
        assert _next_dates(first) != dates
        again = second["product.product"]._cron_plan_cycle_counts(today=day)
        assert not again
        assert _count(second, "factory_stocktake") == before
        assert _next_dates(second) == dates
