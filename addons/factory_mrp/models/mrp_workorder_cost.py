from collections import defaultdict

from odoo import models
from odoo.tools import SQL


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    def _factory_time_costs(self, date=False):
        """{workorder id: [labour, overhead, minutes]} of the time records of
        these work orders, in one query. Each record is rated by its worker's
        hourly cost when it is positive, else by the work center's cost per
        hour; the overhead is the work center's overhead rate. With ``date``,
        only records ended at or before it count (as Odoo's ``_cal_cost``).

        Plain SQL on purpose: closing an order is done by users who may not
        read the rates (hourly costs are HR data, rates are cost fields)."""
        if not self.ids:
            return {}
        date_filter = SQL()
        if date:
            date_filter = SQL(
                "AND t.date_end IS NOT NULL AND t.date_end <= %s",
                date,
            )
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT t.workorder_id,
                       SUM(t.duration / 60.0 * CASE
                               WHEN COALESCE(e.hourly_cost, 0.0) > 0.0
                               THEN e.hourly_cost
                               ELSE COALESCE(wc.costs_hour, 0.0) END),
                       SUM(t.duration / 60.0
                           * COALESCE(wc.factory_overhead_hour, 0.0)),
                       SUM(t.duration)
                  FROM mrp_workcenter_productivity t
                  JOIN mrp_workorder wo ON wo.id = t.workorder_id
                  JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
             LEFT JOIN hr_employee e ON e.id = t.factory_employee_id
                 WHERE t.workorder_id = ANY(%s::int[]) %s
              GROUP BY t.workorder_id
                """,
                self.ids,
                date_filter,
            )
        )
        costs = defaultdict(lambda: [0.0, 0.0, 0.0])
        for workorder_id, labour, overhead, minutes in rows:
            costs[workorder_id] = [labour or 0.0, overhead or 0.0, minutes or 0.0]
        return costs

    def _cal_cost(self, date=False):
        """Labour (worker or work center rate) plus overhead of the recorded
        time: Odoo's ``_cal_price`` puts it into the finished product's value
        and ``_post_labour`` into the labour journal entry."""
        costs = self._factory_time_costs(date=date)
        return sum(labour + overhead for labour, overhead, __ in costs.values())
