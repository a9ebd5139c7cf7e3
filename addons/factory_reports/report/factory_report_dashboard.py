from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .factory_report_mixin import COST_GROUP

MANAGER_GROUP = "factory_stock.group_factory_manager"
RECENT_DAYS = 90


class FactoryReportDashboard(models.AbstractModel):
    """Management cockpit (管理驾驶舱): the KPI tiles of the Factory Manager's
    dashboard, each from one grouped read of a report (as the user: record
    rules apply), in one RPC call."""

    _name = "factory.report.dashboard"
    _description = "Factory Management Dashboard"

    @api.model
    def _group(self, model, domain, aggregates):
        return self.env[model]._read_group(domain, [], aggregates)[0]

    @api.model
    @api.readonly
    def get_dashboard_data(self):
        """The tiles (read only: on a replica when one is configured, Odoo 18's
        ``db_replica_host``)."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("The management dashboard is for Factory Managers.")
            )
        # a manager may lack the cost right only if an administrator took it
        with_money = self.env.user.has_group(COST_GROUP)
        today = fields.Date.context_today(self)
        month = today.replace(day=1)
        since = fields.Datetime.now() - timedelta(days=RECENT_DAYS)
        currency = self.env.company.currency_id

        # one grouped read per report, none computed twice: the stock figures
        # (value, lines on hand, dead stock, the pie) from the dead-stock
        # report by category and status (its rows are the aging report's:
        # each material on hand in each warehouse, valued on-hand quantity x
        # average unit cost, without the FIFO split the tiles do not show),
        # the turnover of this month from the 12-month line
        stock = self._stock_groups()
        count = sum(row["count"] for row in stock)
        value = sum(row["value"] for row in stock)
        dead_count = sum(row["count"] for row in stock if row["status"] == "dead")
        dead_value = sum(row["value"] for row in stock if row["status"] == "dead")
        months = self._turnover_by_month(month)
        turnover = months[-1]["turnover"]
        on_time, qty_pass = self._group(
            "factory.report.supplier",
            [("date", ">=", since)],
            ["on_time_qty_rate:avg", "qty_pass_rate:avg"],
        )
        shortages = self.env["factory.mrp.shortage"].search_count(
            [("shortage_qty", ">", 0)]
        )
        counted, accuracy = self._group(
            "factory.stocktake.line",
            self._count_accuracy_domain(since),
            ["__count", "accuracy_score:avg"],
        )
        tiles = [
            {
                "key": "stock_value",
                "label": self.env._("Stock Value"),
                "value": value if with_money else None,
                "kind": "money",
                "note": self.env._("%s lines on hand", count),
                "action": "factory_reports.factory_report_aging_action",
            },
            {
                "key": "turnover",
                "label": self.env._("Turnover This Month"),
                "value": turnover or 0.0,
                "kind": "ratio",
                "note": self.env._("cost of goods issued / average stock value"),
                "action": "factory_reports.factory_report_turnover_action",
            },
            {
                "key": "dead_stock",
                "label": self.env._("Dead Stock Value"),
                "value": dead_value if with_money else None,
                "kind": "money",
                "note": self.env._("%s materials without issue", dead_count),
                "action": "factory_reports.factory_report_dead_stock_action",
                "context": {"search_default_dead": 1},
            },
            {
                "key": "on_time",
                "label": self.env._("On-time Delivery"),
                "value": on_time,
                "kind": "percent",
                "note": self.env._("by quantity, last %s days", RECENT_DAYS),
                "action": "factory_reports.factory_report_supplier_action",
            },
            {
                "key": "qc_pass",
                "label": self.env._("QC Pass Rate"),
                "value": qty_pass,
                "kind": "percent",
                "note": self.env._("by quantity, last %s days", RECENT_DAYS),
                "action": "factory_reports.factory_report_supplier_action",
                "context": {"search_default_inspections": 1},
            },
            {
                "key": "count_accuracy",
                "label": self.env._("Count Accuracy"),
                "value": accuracy if counted else None,
                "count": counted,
                "kind": "percent",
                "note": self.env._(
                    "share of %(count)s counted lines without difference, last "
                    "%(days)s days",
                    count=counted,
                    days=RECENT_DAYS,
                ),
                "action": "factory_stock.factory_stocktake_line_action_report",
            },
            {
                "key": "shortages",
                "label": self.env._("Open Shortages"),
                "value": shortages,
                "kind": "count",
                "note": self.env._("components short on open orders"),
                "action": "factory_mrp.factory_mrp_shortage_action",
            },
        ]
        return {
            "tiles": tiles,
            "categories": self._stock_by_category(stock) if with_money else [],
            "months": months,
            "shortages": self._top_shortages(),
            "suppliers": self._supplier_on_time(since),
            "currency": {
                "symbol": currency.symbol,
                "position": currency.position,
                "digits": currency.decimal_places,
            },
            "month": month.strftime("%Y-%m"),
        }

    @api.model
    def _stock_groups(self):
        """Lines on hand and their value by category and dead-stock status:
        one grouped read of the dead-stock report."""
        return [
            {"categ": categ, "status": status, "count": count, "value": value or 0.0}
            for categ, status, count, value in self.env[
                "factory.report.dead.stock"
            ]._read_group([], ["categ_id", "status"], ["__count", "value:sum"])
        ]

    @api.model
    def _stock_by_category(self, stock, limit=8):
        """Stock value by category, largest first; the rest summed as one."""
        by_categ = {}
        for row in stock:
            by_categ[row["categ"]] = by_categ.get(row["categ"], 0.0) + row["value"]
        groups = sorted(by_categ.items(), key=lambda item: (-item[1], item[0].id))
        total = sum(value for __, value in groups) or 1.0
        rows = [
            {
                "id": categ.id,
                "name": categ.display_name or self.env._("No category"),
                "value": value,
                "share": value * 100.0 / total,
            }
            for categ, value in groups[:limit]
        ]
        rest = sum(value for __, value in groups[limit:])
        if rest:
            rows.append(
                {
                    "id": False,
                    "name": self.env._("Others"),
                    "value": rest,
                    "share": rest * 100.0 / total,
                }
            )
        return rows

    @api.model
    def _turnover_by_month(self, month):
        """Turnover of each of the last 12 months (ratio of the month's sums)."""
        first = month - relativedelta(months=11)
        groups = dict(
            self.env["factory.report.turnover"]._read_group(
                [("month", ">=", first), ("month", "<=", month)],
                ["month:month"],
                ["turnover:avg"],
            )
        )
        months = []
        for index in range(12):
            day = first + relativedelta(months=index)
            months.append(
                {"month": day.strftime("%Y-%m"), "turnover": groups.get(day) or 0.0}
            )
        return months

    @api.model
    def _count_accuracy_domain(self, since):
        """Lines of the stocktakes submitted or done, counted since ``since``."""
        return [
            ("is_counted", "=", True),
            ("state", "in", ("to_approve", "done")),
            ("counted_on", ">=", since),
        ]

    @api.model
    def _top_shortages(self, limit=5):
        """The components most short on the open orders (shortage view)."""
        groups = self.env["factory.mrp.shortage"]._read_group(
            [("shortage_qty", ">", 0)],
            ["product_id", "uom_id"],
            ["shortage_qty:sum", "production_id:count_distinct"],
            order="shortage_qty:sum desc",
            limit=limit,
        )
        return [
            {
                "id": product.id,
                "name": product.display_name,
                "qty": qty,
                "uom": uom.name,
                "orders": orders,
            }
            for product, uom, qty, orders in groups
        ]

    @api.model
    def _supplier_on_time(self, since, limit=5):
        """On-time rate (by quantity) of the suppliers with most purchase
        lines in the period."""
        groups = self.env["factory.report.supplier"]._read_group(
            [("kind", "=", "line"), ("date", ">=", since)],
            ["partner_id"],
            ["line_count:sum", "on_time_qty_rate:avg"],
            order="line_count:sum desc, partner_id",
            limit=limit,
        )
        return [
            {
                "id": partner.id,
                "name": partner.display_name,
                "lines": lines,
                "rate": rate or 0.0,
            }
            for partner, lines, rate in groups
        ]
