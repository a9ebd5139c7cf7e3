"""Workflow fields that only the model's own methods write.

``readonly=True`` is a view attribute: Odoo's ``create``/``write`` accept any
field the caller's access rights allow, so a client over RPC, an import or a
server action could set a state, an approver or a book quantity directly.
Each model (or each Odoo model the suite extends) inheriting this mixin
declares two lists:

``_factory_protected_fields``
    never given by a caller, neither on create nor on write: states,
    approvals and their who/when, book / issued / returned quantities,
    idempotency keys, released flags, links the model's actions set.
``_factory_fixed_fields``
    given on create (a line's document, a report's work order) but never
    changed afterwards from outside.

The model's own methods write them through ``_factory_write`` /
``_factory_create``, which open a writer scope for that model on the current
call stack (a :class:`contextvars.ContextVar`, so nothing an RPC client sends,
no context key, can open it). The superuser (``sudo()`` code and data files)
is not checked either: only server code runs as superuser.
"""

import contextvars
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import UserError

# Models whose own methods are writing their protected fields right now, on
# this thread (each request, cron and test runs on its own context).
_WRITERS = contextvars.ContextVar("factory_protected_writers", default=frozenset())
# in a writer scope, stands for every model (a duplicate copies its lines)
ANY_MODEL = "*"


@contextmanager
def factory_protected_writer(*model_names):
    """Open a writer scope: inside it, the protected fields of
    ``model_names`` may be written. For model code only."""
    token = _WRITERS.set(_WRITERS.get() | frozenset(model_names))
    try:
        yield
    finally:
        _WRITERS.reset(token)


class FactoryProtectedMixin(models.AbstractModel):
    _name = "factory.protected.mixin"
    _description = "Workflow fields written by the model's own methods only"

    _factory_protected_fields = ()
    _factory_fixed_fields = ()

    # ------------------------------------------------------------------
    # the check
    # ------------------------------------------------------------------

    def _factory_is_trusted_writer(self):
        writers = _WRITERS.get()
        return self.env.su or self._name in writers or ANY_MODEL in writers

    def _factory_refuse_fields(self, fnames):
        if not fnames:
            return
        labels = ", ".join(
            sorted(self._fields[f]._description_string(self.env) for f in fnames)
        )
        raise UserError(
            self.env._(
                "%(fields)s of %(document)s can only be set by the document's own "
                "actions (its buttons and scans), not written directly.",
                fields=labels,
                document=self.env["ir.model"]._get(self._name).name
                or self._description,
            )
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        protected = set(self._factory_protected_fields)
        if protected and not self._factory_is_trusted_writer():
            self.check_access("create")  # no right at all: say that first
            given = {fname for vals in vals_list for fname in vals}
            self._factory_refuse_fields(given & protected)
        # a ``default_<field>`` context key (any RPC client can send one, also
        # with the call of an action that creates records in a writer scope)
        # does not set a protected field either: model code gives them in the
        # values
        defaults = {f"default_{fname}" for fname in protected}
        if defaults & set(self.env.context):
            context = {
                key: value
                for key, value in self.env.context.items()
                if key not in defaults
            }
            records = super(FactoryProtectedMixin, self.with_context(context))
            return records.create(vals_list).with_env(self.env)
        return super().create(vals_list)

    def write(self, vals):
        if not self._factory_is_trusted_writer():
            fixed = set(self._factory_protected_fields) | set(
                self._factory_fixed_fields
            )
            forged = fixed & set(vals)
            if forged:
                # no right at all: say that first (only then: Odoo's write
                # checks the access itself, and models like stock.move are
                # written often)
                self.check_access("write")
                self._factory_refuse_fields(forged)
        return super().write(vals)

    def copy_data(self, default=None):
        # a duplicate starts its own workflow: protected fields that have a
        # default (states, flags) take it again
        vals_list = super().copy_data(default=default)
        keep = set(default or ())
        reset = [
            fname
            for fname in self._factory_protected_fields
            if fname not in keep and self._fields[fname].default is not None
        ]
        for vals in vals_list:
            for fname in reset:
                vals.pop(fname, None)
        return vals_list

    def copy(self, default=None):
        # the copied values come from the records themselves; only what the
        # caller passes in ``default`` is checked
        if not self._factory_is_trusted_writer():
            self._factory_refuse_fields(
                set(default or ()) & set(self._factory_protected_fields)
            )
        with factory_protected_writer(ANY_MODEL):
            return super().copy(default=default)

    # ------------------------------------------------------------------
    # the model's own writers
    # ------------------------------------------------------------------

    def _factory_write(self, vals):
        """Write ``vals`` (protected fields included): model code only."""
        with factory_protected_writer(self._name):
            return self.write(vals)

    @api.model
    def _factory_create(self, vals_list):
        """Create records with protected fields: model code only."""
        with factory_protected_writer(self._name):
            return self.create(vals_list)
