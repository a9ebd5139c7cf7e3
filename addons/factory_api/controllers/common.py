"""The contract every endpoint of the Factory API keeps: authentication by
an Odoo API key, the key's user's environment, JSON in and out, errors as
``{"error": {"code", "message", "field"}}``, pagination and idempotency.
"""

import hashlib
import inspect
import json
import logging
import math
import re
import threading
from collections import OrderedDict

from odoo import fields, http
from odoo.exceptions import (
    AccessDenied,
    AccessError,
    MissingError,
    UserError,
    ValidationError,
)
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.base.models.res_users import INDEX_SIZE

_logger = logging.getLogger(__name__)

PREFIX = "/factory/api/v1"
# API keys made for the API only have this scope; keys without a scope (the
# ones users make in their preferences) are accepted too
API_KEY_SCOPE = "factory_api"
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_ID = 2**31 - 1
MAX_KEY_LENGTH = 200
BEARER = re.compile(r"^\s*bearer\s+(\S+)\s*$", re.IGNORECASE)
# keys of this worker already verified against their hash: sha256 of the key
# -> id of its res.users.apikeys row. Odoo's check hashes the key every time
# (pbkdf2, ~10 ms); a known key is only looked up by id, and the row must
# still exist, be unexpired and its user active, so a revoked key, an
# archived user or an expired key is refused at once by every worker.
_VERIFIED = OrderedDict()
_VERIFIED_MAX = 2048
_VERIFIED_LOCK = threading.Lock()

# every route of the module with what its OpenAPI operation says
# (filled by the @api_route decorator, read by openapi.py)
ROUTES = []


class ApiError(Exception):
    """An answer other than 2xx: HTTP status, stable code, translated
    message and the field of the payload (or query) it is about."""

    def __init__(self, status, code, message, field=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


def _(text, **kwargs):
    """Translate ``text`` in the language of the request's environment."""
    return request.env._(text, **kwargs)


def not_found(field=None):
    """What an unknown record and a record of another warehouse both get:
    nothing tells them apart."""
    return ApiError(
        404, "not_found", _("Not found, or not visible to your user."), field
    )


def invalid(field, message):
    return ApiError(422, "invalid_payload", message, field)


def error_body(code, message, field=None):
    return {"error": {"code": code, "message": message, "field": field}}


def json_response(data, status=200, headers=None):
    return request.make_json_response(data, headers=headers, status=status)


def api_route(path, method="GET", write=False, doc=None):
    """Declare an endpoint ``PREFIX + path`` (werkzeug syntax for path
    parameters, e.g. ``/alerts/<int:alert_id>``).

    The decorated method takes ``body`` (the JSON object sent, writes only)
    and the path parameters, runs as the API key's user and returns
    ``(status, data)``; it raises ApiError or Odoo's own exceptions for a
    refusal. Writes run in a savepoint: a refusal changes nothing.
    ``doc`` describes the operation for the OpenAPI document."""

    def decorator(func):
        ROUTES.append(
            {
                "path": path,
                "method": method.lower(),
                "write": write,
                "name": func.__name__,
                "doc": doc or {},
            }
        )

        # the handler's path parameters; the query string is read with
        # query() (Odoo passes it as keyword arguments too)
        path_params = set(inspect.signature(func).parameters) - {"self", "body"}

        def endpoint(self, **kwargs):
            params = {k: v for k, v in kwargs.items() if k in path_params}
            return _dispatch(self, func, write, params)

        # the name and doc of the handler, but the signature above: with the
        # handler's own, Odoo would log a warning for every query parameter
        # of every call ("called ignoring args")
        endpoint.__name__ = endpoint.__qualname__ = func.__name__
        endpoint.__doc__ = func.__doc__
        endpoint.__module__ = func.__module__
        return http.route(
            PREFIX + path,
            type="http",
            auth="none",
            methods=[method],
            csrf=False,
            save_session=False,
            readonly=not write,
        )(endpoint)

    return decorator


# ----------------------------------------------------------------------
# dispatching
# ----------------------------------------------------------------------


def _dispatch(controller, func, write, kwargs):
    try:
        _authenticate()
        if not write:
            status, data = _run(controller, func, None, kwargs, write)
            return json_response(data, status=status)
        body = _body()
        key = request.httprequest.headers.get("Idempotency-Key")
        if key is not None:
            return _idempotent(controller, func, body, kwargs, key)
        status, data = _run(controller, func, body, kwargs, write)
        return json_response(data, status=status)
    except ApiError as error:
        headers = None
        if error.status == 401:
            headers = [("WWW-Authenticate", 'Bearer realm="factory_api"')]
        return json_response(
            error_body(error.code, error.message, error.field),
            status=error.status,
            headers=headers,
        )


def _run(controller, func, body, kwargs, write):
    """(status, data) of the handler; Odoo's refusals mapped to their HTTP
    answer. A write's changes are rolled back when it is refused."""
    try:
        if write:
            with request.env.cr.savepoint():
                return func(controller, body=body, **kwargs)
        return func(controller, **kwargs)
    except ApiError as error:
        request.env.invalidate_all()
        return error.status, error_body(error.code, error.message, error.field)
    except (MissingError, AccessError, AccessDenied, UserError) as error:
        # ValidationError is a UserError: the order of the branches matters
        request.env.invalidate_all()
        status, code, message = _odoo_error(error)
        return status, error_body(code, message)


def _odoo_error(error):
    if isinstance(error, MissingError):
        return 404, "not_found", _("Not found, or not visible to your user.")
    if isinstance(error, AccessError | AccessDenied):
        # Odoo's message names models and records: say nothing of them
        _logger.info(
            "Factory API: access refused to uid %s: %s", request.env.uid, error
        )
        return 403, "forbidden", _("Your user is not allowed to do this.")
    code = "validation_error" if isinstance(error, ValidationError) else "rejected"
    return 422, code, str(error.args[0]) if error.args else str(error)


def _authenticate():
    header = request.httprequest.headers.get("Authorization") or ""
    match = BEARER.match(header)
    if not match:
        raise ApiError(
            401,
            "unauthenticated",
            _("Send your API key in the header “Authorization: Bearer <key>”."),
        )
    found = _key_user(match[1])
    if not found:
        raise ApiError(
            401, "invalid_api_key", _("The API key is unknown, expired or revoked.")
        )
    uid, share, lang, tz = found
    if share:
        raise ApiError(403, "forbidden", _("Your user is not allowed to do this."))
    # the key's user, with a fresh context: the user's language (or the one
    # asked for) and time zone, nothing a client could slip in
    request.update_env(user=uid, context={"lang": _language(lang), "tz": tz or "UTC"})


# what a call needs of the key's user, read with the key (one query instead
# of the user's and its partner's records)
_KEY_USER = SQL(
    """SELECT k.id, k.user_id, u.share, p.lang, p.tz
         FROM res_users_apikeys k
         JOIN res_users u ON u.id = k.user_id
         JOIN res_partner p ON p.id = u.partner_id
        WHERE u.active AND (k.scope IS NULL OR k.scope = %(scope)s)
          AND (k.expiration_date IS NULL
               OR k.expiration_date >= NOW() AT TIME ZONE 'utc')""",
    scope=API_KEY_SCOPE,
)


def _key_user(key):
    """(user id, share, language, time zone) of the API key ``key``, or
    None."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    with _VERIFIED_LOCK:
        key_id = _VERIFIED.get(digest)
    cr = request.env.cr
    if key_id:
        cr.execute(SQL("%s AND k.id = %s", _KEY_USER, key_id))
        row = cr.fetchone()
        if row:
            return row[1:]
        with _VERIFIED_LOCK:
            _VERIFIED.pop(digest, None)
        return None
    # Odoo's own check (hash verification)
    uid = request.env["res.users.apikeys"]._check_credentials(
        scope=API_KEY_SCOPE, key=key
    )
    if not uid:
        return None
    cr.execute(
        SQL(
            "%s AND k.index = %s AND k.user_id = %s",
            _KEY_USER,
            key[:INDEX_SIZE],
            uid,
        )
    )
    rows = cr.fetchall()
    if not rows:
        return None
    if len(rows) == 1:  # else: not cached, checked by Odoo every time
        with _VERIFIED_LOCK:
            _VERIFIED[digest] = rows[0][0]
            while len(_VERIFIED) > _VERIFIED_MAX:
                _VERIFIED.popitem(last=False)
    return rows[0][1:]


def _language(user_lang):
    asked = request.httprequest.headers.get("Accept-Language") or ""
    code = asked.split(",")[0].split(";")[0].strip().replace("-", "_")
    if code:
        installed = dict(request.env["res.lang"].get_installed())
        if code in installed:
            return code
    return user_lang or "en_US"


def _body():
    raw = request.httprequest.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise ApiError(
            422, "invalid_json", _("The request body is not valid JSON.")
        ) from None
    if not isinstance(body, dict):
        raise ApiError(
            422, "invalid_payload", _("The request body must be a JSON object.")
        )
    return body


def _idempotent(controller, func, body, kwargs, key):
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise invalid(
            "Idempotency-Key",
            _(
                "The Idempotency-Key must have 1 to %(max)s characters.",
                max=MAX_KEY_LENGTH,
            ),
        )
    endpoint = f"{request.httprequest.method} {request.httprequest.path}"
    digest = hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    record, claimed = request.env["factory.api.idempotency"]._claim(
        key, endpoint, digest
    )
    if not claimed:
        if not record or record.state != "done":
            raise ApiError(
                409,
                "idempotency_in_progress",
                _("A call with this Idempotency-Key is still running: send it again."),
                "Idempotency-Key",
            )
        if record.endpoint != endpoint or record.request_hash != digest:
            raise ApiError(
                409,
                "idempotency_key_reused",
                _(
                    "This Idempotency-Key was used for another request: use a new "
                    "key for a new request."
                ),
                "Idempotency-Key",
            )
        return json_response(
            record.response,
            status=record.status,
            headers=[("Idempotent-Replayed", "true")],
        )
    status, data = _run(controller, func, body, kwargs, True)
    record._store(status, data)
    return json_response(data, status=status)


# ----------------------------------------------------------------------
# reading parameters
# ----------------------------------------------------------------------


def query(name):
    value = request.httprequest.args.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def page():
    """(limit, offset) of a list call."""
    limit = query_int("limit") or DEFAULT_LIMIT
    offset = query_int("offset", minimum=0) or 0
    if limit > MAX_LIMIT:
        raise invalid("limit", _("At most %(max)s items per page.", max=MAX_LIMIT))
    return limit, offset


def query_int(name, minimum=1):
    value = query(name)
    if value is None:
        return None
    if not value.isdecimal() or not (minimum <= int(value) <= MAX_ID):
        raise invalid(name, _("“%(name)s” must be a whole number.", name=name))
    return int(value)


def query_bool(name):
    value = query(name)
    if value is None:
        return None
    if value.lower() not in ("true", "false", "1", "0"):
        raise invalid(name, _("“%(name)s” must be true or false.", name=name))
    return value.lower() in ("true", "1")


def query_choice(name, choices):
    value = query(name)
    if value is not None and value not in choices:
        raise invalid(
            name,
            _(
                "“%(name)s” must be one of: %(choices)s.",
                name=name,
                choices=", ".join(choices),
            ),
        )
    return value


def page_total(model, domain, records, limit, offset):
    """The number of records of ``domain``: counted only when the page is
    full (else the page tells it)."""
    if len(records) < limit and (records or not offset):
        return offset + len(records)
    return model.search_count(domain)


def listing(items, total, limit, offset):
    return 200, {"items": items, "total": total, "limit": limit, "offset": offset}


def body_id(body, name, required=True):
    value = body.get(name)
    if value in (None, "") and not required:
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise invalid(name, _("“%(name)s” must be the id of a record.", name=name))
    return value


def body_number(body, name, required=True, positive=False, field=None):
    """A number of the payload; ``field`` names it in errors (default
    ``name``)."""
    field = field or name
    value = body.get(name)
    if value in (None, "") and not required:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or abs(value) > 1e12
    ):
        raise invalid(field, _("“%(name)s” must be a number.", name=field))
    if value < 0 or (positive and value <= 0):
        raise invalid(
            field,
            _("“%(name)s” must be more than zero.", name=field)
            if positive
            else _("“%(name)s” cannot be negative.", name=field),
        )
    return float(value)


def body_text(body, name, required=False, max_length=1000):
    value = body.get(name)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise invalid(name, _("“%(name)s” must be a text.", name=name))
    if len(value) > max_length:
        raise invalid(name, _("“%(name)s” is too long.", name=name))
    return value.strip()


def body_bool(body, name, default=False):
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise invalid(name, _("“%(name)s” must be true or false.", name=name))
    return value


def body_datetime(body, name):
    value = body.get(name)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise invalid(name, _("“%(name)s” must be a date and time (UTC).", name=name))
    try:
        return fields.Datetime.to_datetime(str(value).replace("T", " ").rstrip("Z"))
    except ValueError:
        raise invalid(
            name,
            _(
                "“%(name)s” must be a date and time (UTC), e.g. 2026-01-31 08:00:00.",
                name=name,
            ),
        ) from None


def check_fields(body, allowed):
    """Refuse keys the endpoint does not know (a typo must not be ignored)."""
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise invalid(unknown[0], _("Unknown field “%(name)s”.", name=unknown[0]))


# ----------------------------------------------------------------------
# output
# ----------------------------------------------------------------------


def ref(record, code_field=None):
    """A many2one as the API shows it: {"id", "name"[, "code"]} or null."""
    if not record:
        return None
    data = {"id": record.id, "name": record.display_name}
    if code_field:
        data["code"] = record[code_field] or None
    return data


def dt(value):
    return fields.Datetime.to_string(value) if value else None
