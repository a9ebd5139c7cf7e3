"""ABC class of materials and the cycle-count planner.

The ABC class is stored on the material (product.product) by a scheduled
action, from the value issued out of the warehouses in the last 12 months
(one SQL statement); it sets how often the material is counted. A second
daily scheduled action creates the cycle stocktakes that are due.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

CLASSES = ("a", "b", "c")


def is_working_day(day):
    return day.weekday() < 5


# Cycle counts are planned between these days of the month: the first and
# last days are left to month-end closing, and a count moved from a weekend to
# the Friday before never falls into the previous month.
FIRST_DAY, LAST_DAY = 3, 28


def month_working_days(day):
    """Working days (Monday–Friday) for cycle counts from ``day`` to the end of
    its month, between FIRST_DAY and LAST_DAY (``day`` itself when none)."""
    current = max(day, day.replace(day=FIRST_DAY))
    days = []
    while current.day <= LAST_DAY and current.month == day.month:
        if is_working_day(current):
            days.append(current)
        current += timedelta(days=1)
    return days or [day]


def planning_horizon(today):
    """Last day covered by a run on ``today``: up to the next working day
    (exclusive), so Friday's run takes the weekend's counts."""
    day = today + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day - timedelta(days=1)


class ProductProduct(models.Model):
    _inherit = "product.product"

    factory_abc_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")],
        string="ABC Class",
        index=True,
        copy=False,
        help="From the value issued in the last 12 months (recomputed daily): A "
        "materials are counted most often.",
    )
    factory_issue_value = fields.Float(
        "12-Month Issue Value",
        copy=False,
        readonly=True,
        groups="factory_stock.group_factory_cost",
    )
    factory_next_count_date = fields.Date(
        "Next Cycle Count",
        copy=False,
        index=True,
        help="The cycle-count planner includes the material in a stocktake on "
        "this day.",
    )

    @api.model
    def _factory_abc_query(self, date_from):
        """Issue value per material: the valuation of done moves leaving
        internal locations for a non-internal one, since ``date_from``."""
        return SQL(
            """
            SELECT m.product_id, SUM(-svl.value) AS value
              FROM stock_move m
              JOIN stock_location src ON src.id = m.location_id
              JOIN stock_location dst ON dst.id = m.location_dest_id
              JOIN stock_valuation_layer svl ON svl.stock_move_id = m.id
             WHERE m.state = 'done'
               AND m.date >= %(date_from)s
               AND src.usage = 'internal'
               AND dst.usage <> 'internal'
             GROUP BY m.product_id
            """,
            date_from=date_from,
        )

    @api.model
    def _cron_compute_abc(self):
        """Classify every storable material in one statement: cumulative share
        of the 12-month issue value ≤ A share → A, ≤ A+B share → B, else C.

        Materials of a company are ranked among that company's materials with
        its own shares; shared materials (no company) among the shared ones,
        with the shares of the company the cron runs in. A material another
        transaction holds (a second run at the same time) is left to it.
        Returns how many materials were classified."""
        company = self.env.company
        date_from = fields.Datetime.now() - timedelta(days=365)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH issued AS (%(issued)s),
                locked AS (
                    SELECT id FROM product_product WHERE active
                       FOR NO KEY UPDATE SKIP LOCKED
                ),
                ranked AS (
                    SELECT p.id,
                           COALESCE(i.value, 0) AS value,
                           SUM(COALESCE(i.value, 0)) OVER (
                               PARTITION BY t.company_id
                               ORDER BY COALESCE(i.value, 0) DESC, p.id
                           ) - COALESCE(i.value, 0) AS before,
                           SUM(COALESCE(i.value, 0)) OVER (
                               PARTITION BY t.company_id
                           ) AS total,
                           COALESCE(c.factory_abc_a_share, %(a)s) / 100.0 AS a_share,
                           COALESCE(c.factory_abc_b_share, %(b)s) / 100.0 AS b_share
                      FROM product_product p
                      JOIN product_template t ON t.id = p.product_tmpl_id
                      LEFT JOIN res_company c ON c.id = t.company_id
                      LEFT JOIN issued i ON i.product_id = p.id
                     WHERE t.is_storable AND p.active
                )
                UPDATE product_product p
                   SET factory_abc_class = CASE
                           WHEN r.value <= 0 OR r.total <= 0 THEN 'c'
                           WHEN r.before < r.a_share * r.total THEN 'a'
                           WHEN r.before < r.b_share * r.total THEN 'b'
                           ELSE 'c' END,
                       factory_issue_value = r.value
                  FROM ranked r
                  JOIN locked k ON k.id = r.id
                 WHERE r.id = p.id
                """,
                issued=self._factory_abc_query(date_from),
                a=company.factory_abc_a_share,
                b=company.factory_abc_b_share,
            )
        )
        classified = self.env.cr.rowcount
        self.invalidate_model(["factory_abc_class", "factory_issue_value"])
        return classified

    def _factory_count_interval(self, company):
        """Months between two counts of each class."""
        return {
            "a": max(1, company.factory_cycle_months_a),
            "b": max(1, company.factory_cycle_months_b),
            "c": max(1, company.factory_cycle_months_c),
        }

    def _factory_first_count_dates(self, today, months):
        """Spread materials never planned over the next ``months`` months:
        the same number in each month, round-robin over its working days."""
        first = today.replace(day=1)
        days_by_month = [
            month_working_days(
                today if offset == 0 else first + relativedelta(months=offset)
            )
            for offset in range(months)
        ]
        dates = {}
        for index, product in enumerate(self.sorted("id")):
            days = days_by_month[index % months]
            dates.setdefault(days[(index // months) % len(days)], []).append(product.id)
        return dates

    @api.model
    def _cron_plan_cycle_counts(self, today=None):
        """Create the cycle stocktakes due today (one per warehouse holding due
        materials) and move their next count date one interval forward.

        Each material has a nominal next count date; a material is counted on
        the working day on or before it (Friday takes the weekend's), so it is
        never counted later than its interval. Intervals are whole months
        (A monthly, B quarterly, C yearly by default) and materials never
        planned are spread evenly over the months of their first interval and
        the working days of each month (3rd to 28th).

        Every company is planned with its own intervals: its materials, and its
        stock of the shared materials (no company; these keep one next count
        date, on the intervals of the company the cron runs in).
        """
        today = today or fields.Date.context_today(self)
        if not is_working_day(today):
            return self.env["factory.stocktake"]
        companies = self.env["res.company"].sudo().search([])
        stocktakes = self.env["factory.stocktake"]
        for company in companies:
            stocktakes |= self.with_company(company)._factory_plan_cycle_counts(
                today, [("company_id", "=", company.id)], company, company
            )
        return stocktakes | self._factory_plan_cycle_counts(
            today, [("company_id", "=", False)], self.env.company, companies
        )

    @api.model
    def _factory_plan_cycle_counts(self, today, scope, interval_company, companies):
        """Plan the materials of ``scope`` on the intervals of
        ``interval_company``: the stocktakes of ``companies`` holding them."""
        intervals = self._factory_count_interval(interval_company)
        horizon = planning_horizon(today)
        domain = [("is_storable", "=", True)] + scope
        # the materials this run plans, locked: another run at the same time
        # (a second worker) skips them instead of planning them twice
        candidates = self.search(
            domain
            + [
                "|",
                ("factory_next_count_date", "=", False),
                ("factory_next_count_date", "<=", horizon),
            ]
        )._factory_lock_free()
        domain = [("id", "in", candidates.ids)]
        unplanned = candidates.filtered(lambda p: not p.factory_next_count_date)
        for abc in CLASSES:
            batch = unplanned.filtered(
                lambda p, c=abc: (p.factory_abc_class or "c") == c
            )
            if batch:
                dates = batch._factory_first_count_dates(today, intervals[abc])
                for day, ids in dates.items():
                    self.browse(ids).factory_next_count_date = day
        due = self.search(domain + [("factory_next_count_date", "<=", horizon)])
        stocktakes = self.env["factory.stocktake"]
        if not due:
            return stocktakes
        for company in companies:
            stocktakes |= self.with_company(company)._factory_create_cycle_counts(
                due, today, company
            )
        next_dates = {}
        for product in due:
            step = relativedelta(months=intervals[product.factory_abc_class or "c"])
            nominal = product.factory_next_count_date + step
            while nominal <= horizon:
                nominal += step
            next_dates.setdefault(nominal, []).append(product.id)
        for day, ids in next_dates.items():
            self.browse(ids).factory_next_count_date = day
        return stocktakes

    def _factory_lock_free(self):
        """Lock the materials no other transaction holds; returns them."""
        if not self:
            return self
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM product_product WHERE id = ANY(%s) ORDER BY id "
                "FOR NO KEY UPDATE SKIP LOCKED",
                self.ids,
            )
        )
        return self.browse(sorted(row[0] for row in self.env.cr.fetchall()))

    @api.model
    def _factory_create_cycle_counts(self, products, today, company):
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT l.warehouse_id, ARRAY_AGG(DISTINCT q.product_id)
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE l.usage = 'internal'
                   AND l.warehouse_id IS NOT NULL
                   AND q.company_id = %(company)s
                   AND q.product_id = ANY(%(products)s)
                 GROUP BY l.warehouse_id
                """,
                company=company.id,
                products=products.ids,
            )
        )
        return self.env["factory.stocktake"].create(
            [
                {
                    "stocktake_type": "cycle",
                    "company_id": company.id,
                    "warehouse_id": warehouse_id,
                    "date_planned": today,
                    "product_ids": [fields.Command.set(product_ids)],
                }
                for warehouse_id, product_ids in rows
            ]
        )


class ProductTemplate(models.Model):
    _inherit = "product.template"

    factory_abc_class = fields.Selection(
        [("a", "A"), ("b", "B"), ("c", "C")],
        string="ABC Class",
        compute="_compute_factory_cycle_count",
    )
    factory_next_count_date = fields.Date(
        "Next Cycle Count", compute="_compute_factory_cycle_count"
    )

    @api.depends(
        "product_variant_ids.factory_abc_class",
        "product_variant_ids.factory_next_count_date",
    )
    def _compute_factory_cycle_count(self):
        for template in self:
            variant = template.product_variant_ids[:1]
            template.factory_abc_class = variant.factory_abc_class
            template.factory_next_count_date = variant.factory_next_count_date
