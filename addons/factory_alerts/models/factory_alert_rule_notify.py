"""Notifications of a rule run on its channels.

To-dos and internal messages are Odoo records created in the run's own
transaction. E-mails and robot messages go to the outbox (one record per
message and channel), committed with the run and sent by the outbox cron.
A run sends one digest per robot, split by the robot's size limit and
capped at MAX_CHUNKS messages (the rest is counted, with a link to Odoo),
so a rule matching hundreds of materials stays within the robots' rate limit.
"""

import io

import xlsxwriter
from markupsafe import Markup

from odoo import fields, models

MAX_CHUNKS = 10  # robot messages per rule run and robot (limit: 20 a minute)
RESERVED = 400  # bytes kept in each chunk for its title and closing link


def _num(value):
    return f"{round(value or 0.0, 3):g}"


class FactoryAlertRule(models.Model):
    _inherit = "factory.alert.rule"

    # ------------------------------------------------------------------
    # texts
    # ------------------------------------------------------------------

    def _factory_alert_line(self, alert):
        """One line of the digest (markdown, the rule's language)."""
        _ = self.env._
        material = alert.product_id.display_name or ""
        where = alert.warehouse_id.name or ""
        kind = self.rule_type
        date = fields.Date.to_string(alert.date) if alert.date else ""
        if kind == "below_safety":
            return _(
                "**%(material)s** · %(warehouse)s: %(qty)s, safety stock %(limit)s",
                material=material,
                warehouse=where,
                qty=_num(alert.qty),
                limit=_num(alert.threshold),
            )
        if kind == "above_max":
            return _(
                "**%(material)s** · %(warehouse)s: %(qty)s, maximum %(limit)s",
                material=material,
                warehouse=where,
                qty=_num(alert.qty),
                limit=_num(alert.threshold),
            )
        if kind == "dead_stock":
            return _(
                "**%(material)s** · %(warehouse)s: %(qty)s, last outbound %(date)s",
                material=material,
                warehouse=where,
                qty=_num(alert.qty),
                date=date or _("never"),
            )
        if kind == "expiring_lot":
            return _(
                "**%(material)s** lot %(lot)s · %(warehouse)s: %(qty)s, expires "
                "%(date)s",
                material=material,
                lot=alert.lot_id.name or "",
                warehouse=where,
                qty=_num(alert.qty),
                date=date,
            )
        if kind == "overdue_receipt":
            return _(
                "**%(receipt)s** %(vendor)s · %(warehouse)s: scheduled %(date)s",
                receipt=alert.picking_id.name or "",
                vendor=alert.picking_id.partner_id.name or "",
                warehouse=where,
                date=date,
            )
        return _(
            "**%(order)s**: %(material)s short by %(qty)s",
            order=alert.subject.split(" · ")[0],
            material=material,
            qty=_num(alert.qty),
        )

    def _factory_digest_lines(self, changes):
        """Markdown lines of this run's digest and whether there is news."""
        _ = self.env._
        if self.notify_mode == "report":
            alerts = changes["open"].sorted(lambda a: a.product_id.default_code or "")
            lines = [f"- {self._factory_alert_line(a)}" for a in alerts]
            return lines, bool(alerts)
        lines = [f"- {self._factory_alert_line(a)}" for a in changes["opened"]]
        if changes["resolved"]:
            lines.append(_("**Back to normal:**"))
            lines += [
                f"- ~~{self._factory_alert_line(a)}~~" for a in changes["resolved"]
            ]
        return lines, bool(changes["opened"] or changes["resolved"])

    def _factory_title(self, changes):
        if self.notify_mode == "report":
            return self.env._(
                "%(rule)s: %(count)s open",
                rule=self.name,
                count=len(changes["open"]),
            )
        return self.env._(
            "%(rule)s: %(new)s new, %(resolved)s resolved",
            rule=self.name,
            new=len(changes["opened"]),
            resolved=len(changes["resolved"]),
        )

    def _factory_alerts_url(self):
        return f"{self.get_base_url()}/odoo/action-factory_alerts.factory_alert_action"

    def _factory_chunks(self, title, lines, limit):
        """Split the digest into messages of at most ``limit`` bytes."""
        budget = limit - RESERVED
        chunks, current, size = [], [], 0
        for line in lines:
            line_size = len(line.encode()) + 1
            if current and size + line_size > budget:
                chunks.append(current)
                current, size = [], 0
            current.append(line)
            size += line_size
        if current:
            chunks.append(current)
        rest = 0
        if len(chunks) > MAX_CHUNKS:
            rest = sum(len(c) for c in chunks[MAX_CHUNKS:])
            chunks = chunks[:MAX_CHUNKS]
        link = self.env._("Open the alerts in Odoo")
        texts = []
        for index, chunk in enumerate(chunks, 1):
            head = f"### {title}" + (
                f" ({index}/{len(chunks)})" if len(chunks) > 1 else ""
            )
            tail = [f"[{link}]({self._factory_alerts_url()})"]
            if rest and index == len(chunks):
                tail.insert(0, self.env._("… and %s more.", rest))
            texts.append("\n".join([head, *chunk, "", *tail]))
        return texts

    # ------------------------------------------------------------------
    # channels
    # ------------------------------------------------------------------

    def _factory_recipients(self):
        users = (self.user_ids | self.group_ids.users).filtered(
            lambda u: u.active and not u.share
        )
        return users

    def _factory_notify(self, changes):
        self.ensure_one()
        lines, news = self._factory_digest_lines(changes)
        if self.channel_activity:
            self._factory_notify_activities(changes)
        if not news:
            return
        title = self._factory_title(changes)
        if self.channel_message:
            self._factory_notify_message(title, lines)
        Outbox = self.env["factory.alert.outbox"].sudo()
        vals_list = []
        if self.channel_email:
            vals_list.append(self._factory_email_vals(title, lines, changes))
        for robot in self.robot_ids:
            vals_list += [
                {
                    "name": title,
                    "rule_id": self.id,
                    "company_id": self.company_id.id,
                    "channel": "robot",
                    "robot_id": robot.id,
                    "body": text,
                }
                for text in self._factory_chunks(title, lines, robot._size_limit())
            ]
        if vals_list:
            Outbox._factory_create(vals_list)
            self.env.ref("factory_alerts.ir_cron_factory_alert_outbox")._trigger()

    def _factory_notify_activities(self, changes):
        """A to-do on each new alert's subject for each recipient; the to-dos
        of resolved alerts are marked done."""
        users = self._factory_recipients()
        todo = self.env.ref("mail.mail_activity_data_todo")
        vals_list = []
        for alert in changes["opened"]:
            model = alert.res_model or "factory.alert"
            res_id = alert.res_id if alert.res_model else alert.id
            vals_list += [
                {
                    "res_model_id": self.env["ir.model"]._get_id(model),
                    "res_id": res_id,
                    "activity_type_id": todo.id,
                    "summary": alert.display_name,
                    "note": Markup("<p>%s</p>") % self._factory_alert_line(alert),
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                    "factory_alert_id": alert.id,
                }
                for user in users
            ]
        Activity = self.env["mail.activity"].with_context(
            mail_activity_quick_update=True
        )
        # in rounds: Odoo subscribes the assignee of a batch's activities in
        # one go, twice for two alerts on one subject (e.g. two warehouses)
        rounds = []
        for vals in vals_list:
            subject = (vals["res_model_id"], vals["res_id"], vals["user_id"])
            free = next((r for r in rounds if subject not in r[1]), None)
            if free is None:
                free = ([], set())
                rounds.append(free)
            free[0].append(vals)
            free[1].add(subject)
        for batch, _subjects in rounds:
            Activity.create(batch)
        done = Activity.search([("factory_alert_id", "in", changes["resolved"].ids)])
        if done:
            done.action_feedback(feedback=self.env._("The alert is resolved."))

    def _factory_html(self, title, lines):
        items = Markup("").join(
            Markup("<li>%s</li>")
            % line.removeprefix("- ").replace("**", "").replace("~~", "")
            for line in lines
        )
        return Markup("<p><b>%s</b></p><ul>%s</ul><p><a href='%s'>%s</a></p>") % (
            title,
            items,
            self._factory_alerts_url(),
            self.env._("Open the alerts in Odoo"),
        )

    def _factory_notify_message(self, title, lines):
        partners = self._factory_recipients().partner_id
        self.message_post(
            body=self._factory_html(title, lines),
            subject=title,
            partner_ids=partners.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _factory_email_vals(self, title, lines, changes):
        addresses = [u.email for u in self._factory_recipients() if u.email]
        addresses += self._email_addresses_given()
        attachments = []
        if self.notify_mode == "report":
            attachments = self.env["ir.attachment"].create(
                {
                    "name": f"{self.name}-{fields.Date.context_today(self)}.xlsx",
                    "raw": self._factory_xlsx(changes["open"]),
                    "mimetype": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                    "res_model": "factory.alert.rule",
                    "res_id": self.id,
                }
            )
        return {
            "name": title,
            "rule_id": self.id,
            "company_id": self.company_id.id,
            "channel": "email",
            "email_to": ",".join(dict.fromkeys(addresses)),
            "body": str(self._factory_html(title, lines)),
            "attachment_ids": [(6, 0, attachments and attachments.ids)],
        }

    def _factory_xlsx(self, alerts):
        """The report rule's Excel file: one row per open alert."""
        _ = self.env._
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.name[:31])
        bold = book.add_format({"bold": True})
        heads = [
            _("Material Code"),
            _("Material"),
            _("Warehouse"),
            _("Lot"),
            _("Document"),
            _("Quantity"),
            _("Threshold"),
            _("Date"),
            _("State"),
            _("Opened On"),
        ]
        sheet.write_row(0, 0, heads, bold)
        states = dict(alerts._fields["state"]._description_selection(self.env))
        for row, alert in enumerate(alerts, 1):
            sheet.write_row(
                row,
                0,
                [
                    alert.product_id.default_code or "",
                    alert.product_id.name or "",
                    alert.warehouse_id.name or "",
                    alert.lot_id.name or "",
                    alert.picking_id.name or "",
                    alert.qty,
                    alert.threshold,
                    fields.Datetime.to_string(alert.date) if alert.date else "",
                    states.get(alert.state, ""),
                    fields.Datetime.to_string(alert.opened_on),
                ],
            )
        sheet.set_column(0, 1, 24)
        sheet.set_column(2, 9, 14)
        book.close()
        return output.getvalue()
