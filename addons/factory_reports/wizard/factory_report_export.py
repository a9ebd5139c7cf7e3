"""Excel export of the factory reports (for accountants).

The workbook is streamed row by row with xlsxwriter's ``constant_memory``
mode into a temporary file (memory stays flat whatever the number of rows),
by a short-lived child process fed through a pipe (wizard/xlsx_writer.py:
the workbook's memory is not left in a long-lived Odoo worker):
title, the filters used, a frozen header in the user's language, the rows
of the report's query (run once, with the user's record rules; only the
fields the user may read: a user without the cost right gets no value
column) read in batches from a server-side cursor, and a totals
row from one read_group over the same domain, so the totals are the
report's own (ratios as ratios of the sums).
"""

import base64
import os
import tempfile
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_round

from .xlsx_writer import WorkbookError, WorkbookProcess

REPORTS = [
    ("factory.report.dead.stock", "Dead and Slow Stock"),
    ("factory.report.aging", "Stock Aging"),
    ("factory.report.turnover", "Inventory Turnover"),
    ("factory.report.supplier", "Supplier Scorecard"),
    ("factory.report.abc", "ABC Classification"),
    ("factory.report.movement", "Stock Movement Detail"),
    ("mrp.production", "Production Cost per Order"),
    ("factory.mrp.product.cost", "Production Cost per Product"),
]
# columns of each workbook, in order (those the user may not read are left out)
COLUMNS = {
    "factory.report.dead.stock": [
        "default_code", "product_id", "categ_id", "warehouse_id", "locations",
        "qty", "uom_id", "value", "last_receipt_date", "last_issue_date",
        "days_idle", "status",
    ],
    "factory.report.aging": [
        "default_code", "product_id", "categ_id", "warehouse_id", "uom_id", "qty",
        "qty_age_1", "qty_age_2", "qty_age_3", "qty_age_4", "qty_age_5", "value",
        "value_age_1", "value_age_2", "value_age_3", "value_age_4", "value_age_5",
        "max_age",
    ],
    "factory.report.turnover": [
        "month", "warehouse_id", "categ_id", "qty_issued", "cogs_production",
        "cogs_customer", "cogs_subcontract", "cogs_scrap", "cogs", "opening_value",
        "closing_value", "avg_value", "turnover", "days_of_inventory",
    ],
    "factory.report.supplier": [
        "date", "partner_id", "kind", "order_id", "inspection_id", "product_id",
        "warehouse_id", "date_planned", "amount", "qty_ordered", "qty_received",
        "qty_on_time", "on_time_line_rate", "on_time_qty_rate", "avg_delay",
        "qty_inspected", "qty_passed", "batch_pass_rate", "qty_pass_rate",
    ],
    "factory.report.abc": [
        "rank", "default_code", "product_id", "categ_id", "abc_class",
        "issue_value", "value_share", "count_share", "cumulative_share",
    ],
    "factory.report.movement": [
        "date", "reference", "kind", "default_code", "product_id", "categ_id",
        "lot_id", "location_id", "location_dest_id", "warehouse_id", "qty_in",
        "qty_out", "uom_id", "value", "partner_id", "origin",
    ],
    "mrp.production": [
        "name", "product_id", "date_finished", "factory_cost_qty",
        "factory_cost_material", "factory_cost_labour", "factory_cost_overhead",
        "factory_cost_outsourcing", "factory_cost_total", "factory_unit_cost",
        "factory_standard_unit_cost", "factory_cost_variance",
    ],
    "factory.mrp.product.cost": [
        "month", "product_id", "order_count", "qty", "material", "labour",
        "overhead", "outsourcing", "total", "unit_cost", "standard_total",
        "variance", "variance_pct",
    ],
}  # fmt: skip
# rows a report always keeps (production cost: finished orders only)
BASE_DOMAIN = {"mrp.production": [("state", "=", "done")]}
DATE_FIELD = {
    "factory.report.turnover": "month",
    "factory.report.supplier": "date",
    "factory.report.movement": "date",
    "mrp.production": "date_finished",
    "factory.mrp.product.cost": "month",
}
# opening value of a period is its first month's; not a sum over months
NO_TOTAL = {
    "opening_value",
    "closing_value",
    "days",
    "rank",
    "max_age",
    "factory_unit_cost",
    "factory_standard_unit_cost",
}
# rows per batch: each batch names its new many2one records in one go (a few
# queries whatever their number), so fewer, larger batches cost less; 5,000
# rows of plain values are a few MB
BATCH = 5000


class FactoryReportExport(models.TransientModel):
    _name = "factory.report.export"
    _description = "Export a Factory Report to Excel"

    report = fields.Selection(REPORTS, required=True, default=REPORTS[0][0])
    date_from = fields.Date("From")
    date_to = fields.Date("To")
    warehouse_ids = fields.Many2many("stock.warehouse", string="Warehouses")
    categ_ids = fields.Many2many("product.category", string="Categories")
    product_ids = fields.Many2many("product.product", string="Materials")
    file_name = fields.Char(readonly=True)
    file_data = fields.Binary("Workbook", readonly=True, attachment=False)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if (
                wizard.date_from
                and wizard.date_to
                and wizard.date_from > wizard.date_to
            ):
                raise ValidationError(
                    self.env._("The period starts after it ends: check From and To.")
                )

    def _date_field(self):
        return {
            "factory.report.turnover": "month",
            "factory.report.supplier": "date",
            "factory.report.movement": "date",
        }.get(self.report)

    def _domain(self):
        """The report's domain from the filters (those the report has)."""
        self.ensure_one()
        Report = self.env[self.report]
        domain = list(BASE_DOMAIN.get(self.report, []))
        date_field = self._date_field()
        if date_field and self.date_from:
            domain.append((date_field, ">=", self.date_from))
        if date_field and self.date_to:
            if Report._fields[date_field].type == "datetime":
                # the whole last day (the dates are the user's days in UTC
                # as the screens' date filters take them)
                domain.append((date_field, "<", self.date_to + timedelta(days=1)))
            else:
                domain.append((date_field, "<=", self.date_to))
        for fname, records in (
            ("warehouse_id", self.warehouse_ids),
            ("categ_id", self.categ_ids),
            ("product_id", self.product_ids),
        ):
            if not records:
                continue
            if fname in Report._fields:
                domain.append((fname, "in", records.ids))
            elif fname == "categ_id" and "product_id" in Report._fields:
                domain.append(("product_id.categ_id", "in", records.ids))
        return domain

    def _filter_lines(self):
        """The filters used, as text lines of the workbook's heading."""
        lines = []
        fields_desc = self.fields_get()
        if self._date_field() and (self.date_from or self.date_to):
            lines.append(
                self.env._(
                    "Period: %(from)s – %(to)s",
                    **{
                        "from": self.date_from or "…",
                        "to": self.date_to or "…",
                    },
                )
            )
        for fname in ("warehouse_ids", "categ_ids", "product_ids"):
            if self[fname]:
                names = ", ".join(self[fname].mapped("display_name"))
                lines.append(f"{fields_desc[fname]['string']}: {names}")
        return lines or [self.env._("Filters: none")]

    def _columns(self):
        """(field name, description) of the columns the user may read."""
        Report = self.env[self.report]
        desc = Report.fields_get(COLUMNS[self.report])
        return [(f, desc[f]) for f in COLUMNS[self.report] if f in desc]

    def _user_tz(self):
        """The time zone the screens show datetimes in (as
        fields.Datetime.context_timestamp), once per export."""
        name = self.env.context.get("tz") or self.env.user.tz or "UTC"
        try:
            return pytz.timezone(name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    def _write_workbook(self, path, domain=None, filter_lines=None, progress=None):
        """Write the workbook to ``path``; return (row count, totals dict).
        A background job passes its stored ``domain`` and ``filter_lines``,
        and ``progress(rows written)`` called after each batch.

        The rows are read here, the workbook is written by a child process
        (see xlsx_writer): its error is raised as a UserError."""
        Report = self.env[self.report]
        columns = self._columns()
        domain = self._domain() if domain is None else domain
        label = dict(self._fields["report"]._description_selection(self.env))
        stamp = fields.Datetime.context_timestamp(self, fields.Datetime.now())
        heading = [
            f"{self.env.company.name} · {stamp:%Y-%m-%d %H:%M} · {self.env.user.name}",
            *(self._filter_lines() if filter_lines is None else filter_lines),
        ]
        count = 0
        try:
            with WorkbookProcess(path) as writer:
                writer.head(
                    label[self.report],
                    label[self.report],
                    heading,
                    [(desc["string"], desc["type"]) for __, desc in columns],
                )
                for rows in self._batches(Report, domain, columns):
                    writer.rows(rows)
                    count += len(rows)
                    if progress:
                        progress(count)
                # Report, not self.report: the batches empty the cache, which
                # holds the only copy of a new wizard's values (the
                # background job's)
                totals = self._totals(Report, columns, domain)
                writer.total(
                    self.env._("Total"),
                    [
                        (col, totals[fname])
                        for col, (fname, __) in enumerate(columns)
                        if fname in totals and col
                    ],
                )
                writer.close()
        except WorkbookError as error:
            raise UserError(
                self.env._("The workbook could not be written: %s", error)
            ) from error
        return count, totals

    def _batches(self, Report, domain, columns):
        """The report's rows in its order, as the user may read them, in
        batches of BATCH tuples of the workbook's cells (``columns``: the
        (field name, fields_get description) of each): names of the
        many2one values, labels of the selections, datetimes in the user's
        time zone, dates and datetimes as ISO text (xlsx_writer.plain),
        numbers rounded to their digits, None for an empty cell.

        One query (the report's view with the domain and the record rules
        of the user, only the columns the user may read), read through a
        server-side cursor: the report is computed once however many rows
        it has, and only one batch is in memory at a time. The name of each
        many2one record is looked up once per export (the batch's new ones
        in one go) and kept as text: an export of 200,000 rows names its
        materials once, not once per batch, and keeps no records."""
        self.env.flush_all()
        names = [fname for fname, __ in columns]
        tz = self._user_tz()
        query = Report._search(domain, order=Report._order)
        sql = query.select(
            *(self._cell_sql(Report, fname, query, tz) for fname in names)
        )
        known = {}  # comodel -> {id: name}
        converters = []
        for fname, desc in columns:
            field = Report._fields[fname]
            converters.append(self._cell_converter(field, desc, tz, known))
        # a named cursor of the same transaction: other queries (the names)
        # can run while it is open
        stream = self.env.cr._cnx.cursor(f"factory_report_export_{self.id or 0}")
        try:
            stream.execute(sql.code, sql.params)
            while rows := stream.fetchmany(BATCH):
                for index, field in enumerate(Report._fields[f] for f in names):
                    if field.type != "many2one":
                        continue
                    names_of = known.setdefault(field.comodel_name, {})
                    ids = {r[index] for r in rows if r[index]} - names_of.keys()
                    if ids:
                        records = self.env[field.comodel_name].sudo().browse(ids)
                        names_of.update((r.id, r.display_name) for r in records)
                # column by column: a list comprehension per column that
                # needs one, the others as they came
                cells = [
                    convert(column) if convert else column
                    for convert, column in zip(
                        converters, zip(*rows, strict=True), strict=True
                    )
                ]
                yield list(zip(*cells, strict=True))
                # the names' records (and what their names read: templates,
                # units…) are not needed any more: an export of 200,000 rows
                # must not keep 200,000 products in the cache
                self.env.invalidate_all(flush=False)
        finally:
            stream.close()

    def _cell_sql(self, Report, fname, query, tz):
        """The column of ``fname`` in the export's query: dates and
        datetimes as ISO text, datetimes in the user's time zone (converted
        by PostgreSQL, not row by row in Python)."""
        column = Report._field_to_sql(Report._table, fname, query)
        field_type = Report._fields[fname].type
        if field_type == "datetime":
            return SQL(
                "((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::text", column, tz.zone
            )
        if field_type == "date":
            return SQL("%s::text", column)
        return column

    def _cell_converter(self, field, desc, tz, known):
        """The function giving the cells of a column (a tuple of values of
        ``field``), or None where the values are the cells already."""
        if field.type == "many2one":
            names_of = known.setdefault(field.comodel_name, {})
            return lambda column: [names_of.get(v, "") if v else None for v in column]
        if field.type in ("float", "monetary"):
            digits = field.get_digits(self.env) if field.type == "float" else None
            if digits:
                precision = digits[1]

                def rounded(column):
                    # float_round only where the value has more digits
                    return [
                        (
                            v
                            if v == round(v, precision)
                            else float_round(v, precision_digits=precision)
                        )
                        if v
                        else 0.0
                        for v in column
                    ]

                return rounded
            return lambda column: [v or 0.0 for v in column]
        if field.type == "integer":
            return lambda column: [v or 0 for v in column]
        if field.type == "selection":
            labels = dict(desc["selection"])
            return lambda column: [labels.get(v, v) if v else None for v in column]
        if field.type == "boolean":
            return lambda column: [v or None for v in column]
        return None

    def _totals(self, Report, columns, domain):
        """One read_group over the domain: sums, and ratios of sums."""
        specs = []
        for fname, desc in columns:
            field = Report._fields[fname]
            if (
                desc["type"] in ("float", "monetary", "integer")
                and fname not in NO_TOTAL
                and field.aggregator in ("sum", "avg")
            ):
                specs.append(f"{fname}:{field.aggregator}")
        if not specs:
            return {}
        group = Report.read_group(domain, specs, [])[0]
        return {spec.split(":")[0]: group[spec.split(":")[0]] or 0.0 for spec in specs}

    def _xlsx_bytes(self):
        self.ensure_one()
        handle, path = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        try:
            self._write_workbook(path)
            with open(path, "rb") as workbook:
                return workbook.read()
        finally:
            os.unlink(path)

    def action_export(self):
        """Build the workbook and download it; above the background
        threshold, queue a job the cron delivers as a message."""
        self.ensure_one()
        Job = self.env["factory.report.export.job"]
        rows = self.env[self.report].search_count(self._domain())
        if rows > Job._threshold():
            Job._factory_queue(self, rows)
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "title": self.env._("Export running in the background"),
                    "message": self.env._(
                        "%s rows: you will get the workbook as a message when "
                        "it is ready (Reports › My Exports).",
                        rows,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        label = dict(self._fields["report"]._description_selection(self.env))
        self.write(
            {
                "file_data": base64.b64encode(self._xlsx_bytes()),
                "file_name": f"{label[self.report]}-{fields.Date.today()}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/"
            f"{self.file_name}?download=true",
            "target": "self",
        }
