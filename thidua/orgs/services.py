"""Every write a user can cause to organisations, people and accounts: permission and scope
checked, one transaction, one audit entry."""

from __future__ import annotations

import secrets
from decimal import Decimal

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from thidua.vn import normalise
from thidua.vn.numbers import NumberError, parse_number

from .audit import build_entry, log_action, log_many, snapshot
from .backends import REFUSED_LOCKED
from .fieldcheck import field_problems
from .modelkit import CleanCharField, CleanTextField, authority_of, check_drawable
from .models import Authority, LegalBasis, Office, Organisation, Person, Role, User
from .officialdom import default_bases, default_offices
from .queries import BASIS_FIELDS, OFFICE_FIELDS
from .wording import locality_of


class ValidationFailed(ValueError):
    """A bad value; `message` is Vietnamese and names the field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def read_number(value, label: str = "Giá trị", *, integer: bool = False, places: int | None = None,
                field: str | None = None) -> Decimal | None:
    """A number a service is given, typed or imported (`vn.numbers.parse_number`, the one parser:
    "7.500" is 7500, "7,5" is 7,5, "7,500" is refused saying both readings); None when empty. A bad
    value is a `ValidationFailed` on `field` with the parser's Vietnamese message. `places`: the
    decimals the column keeps; a value with more is refused rather than rounded silently on save."""
    if isinstance(value, str):
        value = normalise.clean_text(value)
    try:
        number = parse_number(value, integer=integer, label=label)
    except NumberError as exc:
        raise ValidationFailed(exc.message, field) from None
    if number is not None and places is not None and number != round(number, places):
        raise ValidationFailed(f"{label} “{value}”: chỉ ghi tối đa {places} chữ số sau dấu phẩy.", field)
    return number


def require(actor: User | None, perm: str, obj=None) -> None:
    """`actor=None` is the operator at the command line, who may do everything."""
    if actor is None:
        return
    if not actor.has_perm(perm, obj):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def check_authority(actor: User | None, obj_or_id) -> None:
    """Refuse a write to another authority's row (a tampered id): `obj_or_id` is a row (its authority
    read by `modelkit.authority_of`) or an authority id. The operator (`None`) and superusers pass."""
    if actor is None or actor.is_superuser:
        return
    authority_id = obj_or_id if isinstance(obj_or_id, int) or obj_or_id is None else authority_of(obj_or_id)
    if actor.authority_id is None or actor.authority_id != authority_id:
        raise PermissionDenied("Dữ liệu này thuộc cơ quan khác.")


def apply_fields(obj, values: dict, allowed: tuple[str, ...]) -> None:
    """Set the given fields on a row; a key outside `allowed` is a programming error. Text a document
    cannot draw (an emoji, a Chinese character, a zero-width space) is refused on its field."""
    for key, value in values.items():
        if key not in allowed:
            raise ValueError(f"unknown field {key}")
        field = next((f for f in obj._meta.concrete_fields if f.name == key), None)
        if isinstance(field, CleanCharField | CleanTextField):
            try:
                check_drawable(field, value)
            except DjangoValidationError as exc:
                raise ValidationFailed(exc.messages[0], key) from None
        setattr(obj, key, value)


def _validate_email(value: str, field: str = "email") -> None:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValidationFailed(f"Địa chỉ thư điện tử “{value}” không hợp lệ.", field)


ORG_FIELDS = ("code", "name", "short_name", "kind", "parent", "display_order", "address", "phone", "email",
              "valid_from", "valid_to", "merged_into")


def _validate_org(org: Organisation) -> None:
    if not (org.name or "").strip():
        raise ValidationFailed("Tên đơn vị không được để trống.", "name")
    for message, field in field_problems(org, ORG_FIELDS):
        raise ValidationFailed(message, field)
    _validate_email(org.email)
    if org.parent_id and org.parent_id == org.pk:
        raise ValidationFailed("Đơn vị không thể trực thuộc chính nó.", "parent")
    if org.parent is not None and org.parent.authority_id != org.authority_id:
        raise ValidationFailed("Đơn vị cấp trên thuộc cơ quan khác.", "parent")
    if org.valid_from and org.valid_to and org.valid_to < org.valid_from:
        raise ValidationFailed("Ngày kết thúc hoạt động phải sau ngày bắt đầu.", "valid_to")


@transaction.atomic
def create_organisation(actor: User | None, authority: Authority, values: dict) -> Organisation:
    require(actor, "orgs.manage_units")
    check_authority(actor, authority.pk)
    org = Organisation(authority=authority)
    apply_fields(org, values, ORG_FIELDS)
    _validate_org(org)
    if Organisation.objects.filter(authority=authority, code=org.code).exists():
        raise ValidationFailed(f"Mã đơn vị “{org.code}” đã có.", "code")
    org.save()
    log_action(actor, "orgs.organisation.create", org, None, snapshot(org))
    return org


@transaction.atomic
def update_organisation(actor: User | None, org: Organisation, values: dict) -> Organisation:
    require(actor, "orgs.manage_units")
    check_authority(actor, org.authority_id)
    before = snapshot(org)
    apply_fields(org, values, ORG_FIELDS)
    _validate_org(org)
    if "code" in values and Organisation.objects.filter(authority_id=org.authority_id, code=org.code).exclude(pk=org.pk).exists():
        raise ValidationFailed(f"Mã đơn vị “{org.code}” đã có.", "code")
    org.save()
    after = snapshot(org)
    if after != before:
        log_action(actor, "orgs.organisation.update", org, before, after)
    return org


@transaction.atomic
def merge_organisation(actor: User | None, org: Organisation, into: Organisation, on_date) -> Organisation:
    """Record a merger (e.g. the 1/7/2025 reform): the old unit stays, closed, pointing at the new."""
    require(actor, "orgs.manage_units")
    check_authority(actor, org.authority_id)
    if into.pk == org.pk or into.authority_id != org.authority_id:
        raise ValidationFailed("Không thể sáp nhập đơn vị vào chính nó hoặc vào đơn vị của cơ quan khác.", "merged_into")
    before = snapshot(org)
    org.merged_into = into
    org.valid_to = on_date
    org.save()
    log_action(actor, "orgs.organisation.merge", org, before, snapshot(org))
    return org


PERSON_FIELDS = ("family_name", "middle_name", "given_name", "gender", "position", "organisation", "phone", "email",
                 "birth_date", "active")


def _validate_person(person: Person) -> None:
    if not (person.given_name or "").strip():
        raise ValidationFailed("Thiếu tên (họ và tên).", "given_name")
    if len(person.family_name) > 40 or len(person.given_name) > 40 or len(person.middle_name) > 80:
        raise ValidationFailed("Họ và tên quá dài.", "given_name")
    for message, field in field_problems(person, PERSON_FIELDS):
        raise ValidationFailed(message, field)
    _validate_email(person.email)
    if person.organisation is not None and person.organisation.authority_id != person.authority_id:
        raise ValidationFailed("Đơn vị thuộc cơ quan khác.", "organisation")


@transaction.atomic
def create_person(actor: User | None, authority: Authority, values: dict) -> Person:
    person = new_person(actor, authority, values)
    person.save()
    log_action(actor, "orgs.person.create", person, None, snapshot(person))
    return person


def new_person(actor: User | None, authority: Authority, values: dict) -> Person:
    """A validated, unsaved person, for `create_people` (bulk imports)."""
    person = Person(authority=authority)
    apply_fields(person, values, PERSON_FIELDS)
    require(actor, "orgs.manage_people", person)
    check_authority(actor, authority.pk)
    _validate_person(person)
    return person


@transaction.atomic
def create_people(actor: User | None, people: list[Person]) -> list[Person]:
    """Save many validated people at once, each with its own audit entry."""
    for person in people:
        person.prepare()
    created = Person.objects.bulk_create(people, batch_size=500)
    log_many(actor, "orgs.person.create", created)
    return created


def check_person_update(actor: User | None, person: Person, values: dict) -> Person:
    """`update_person`'s checks on `person` with `values` applied in memory, nothing saved (a dry run)."""
    require(actor, "orgs.manage_people", person)  # before: the officer must own the current unit
    check_authority(actor, person.authority_id)
    apply_fields(person, values, PERSON_FIELDS)
    require(actor, "orgs.manage_people", person)  # and after: cannot move a person to another unit
    _validate_person(person)
    return person


@transaction.atomic
def update_person(actor: User | None, person: Person, values: dict) -> Person:
    before = snapshot(person)
    check_person_update(actor, person, values)
    person.save()
    after = snapshot(person)
    if after != before:
        log_action(actor, "orgs.person.update", person, before, after)
    return person


USER_FIELDS = ("username", "full_name", "email", "role", "unit", "is_active")


@transaction.atomic
def create_user(actor: User | None, authority: Authority | None, values: dict, password: str | None) -> User:
    """Accounts get passwords only through Django's hashers (`set_password`)."""
    require(actor, "orgs.manage_authority")
    if authority is not None:
        check_authority(actor, authority.pk)
    user = User(authority=authority)
    apply_fields(user, values, USER_FIELDS)
    if user.role == Role.UNIT_OFFICER and user.unit is None:
        raise ValidationFailed("Cán bộ phụ trách đơn vị phải gắn với một đơn vị.", "unit")
    if user.unit is not None and authority is not None and user.unit.authority_id != authority.pk:
        raise ValidationFailed("Đơn vị thuộc cơ quan khác.", "unit")
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationFailed(f"Tên đăng nhập “{user.username}” đã có.", "username")
    log_action(actor, "orgs.user.create", user, None, snapshot(user))
    return user


# Logins and passwords (#17). A login is recorded whether it succeeds or not: who (or the name typed),
# the client address, the result; never the password.

def _client_address(request) -> str:
    return (get_client_ip_address(request) if request is not None else None) or ""


def record_login(sender, request=None, user=None, **kwargs) -> None:
    """`user_logged_in` receiver."""
    log_action(user, "orgs.login.success", user, note=f"Đăng nhập thành công từ địa chỉ {_client_address(request)}.")


def record_login_failure(sender, credentials=None, request=None, **kwargs) -> None:
    """`user_login_failed` receiver: the name typed (the password is never read), the address, and
    whether the password was checked or the login refused because the account or address is locked."""
    username = str((credentials or {}).get("username") or "")[:150]
    locked = bool(getattr(request, REFUSED_LOCKED, False))
    result = ("bị từ chối, không kiểm tra mật khẩu, vì tài khoản hoặc địa chỉ đang bị tạm khóa" if locked
              else "sai tên đăng nhập hoặc mật khẩu")
    user = User.objects.filter(username=username).only("id", "authority_id", "username", "full_name").first()
    authority_id = None
    if user is None:  # a name no account has: the authority's log when the system serves one authority
        only = list(Authority.objects.values_list("id", flat=True)[:2])
        authority_id = only[0] if len(only) == 1 else None
    entry = build_entry(None, "orgs.login.locked" if locked else "orgs.login.failed", user,
                        note=f"Đăng nhập {result}: tên “{username}”, địa chỉ {_client_address(request)}.",
                        authority_id=authority_id)
    entry.actor_name = username or "(không nhập tên)"
    entry.save()


def unlock_login(actor: User | None, *, username: str = "", ip_address: str = "") -> int:
    """Lift a login lock on an account or a client address (removes its failed attempts)."""
    require(actor, "orgs.manage_accounts")
    if not username and not ip_address:
        raise ValidationFailed("Chọn tài khoản hoặc địa chỉ cần mở khóa.")
    user = User.objects.filter(username=username).first() if username else None
    if user is not None:
        check_authority(actor, user.authority_id)
    removed = axes_reset(username=username or None) if username else axes_reset(ip=ip_address)
    what = f"tài khoản “{username}”" if username else f"địa chỉ {ip_address}"
    log_action(actor, "orgs.login.unlock", user, note=f"Mở khóa đăng nhập cho {what} ({removed} bản ghi).")
    return removed


def change_own_password(actor: User, old_password: str, new_password: str) -> User:
    """The signed-in user changes their own password: the old one checked, the new one through
    Django's validators and hashers. Returns the saved account (for the session's new hash)."""
    require(actor, "orgs.change_own_password")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        if not user.check_password(old_password):
            raise ValidationFailed("Mật khẩu hiện tại không đúng.", "old_password")
        _validate_password(new_password, user, "new_password1")
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        log_action(user, "orgs.user.password_change", user, note="Tự đổi mật khẩu.")
    return user


def reset_password(actor: User | None, user: User) -> str:
    """An administrator gives an account a temporary random password, returned once to be handed over,
    which the user must change at the first login; the account's login lock is lifted with it."""
    require(actor, "orgs.manage_accounts")
    check_authority(actor, user.authority_id)
    password = generate_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        log_action(actor, "orgs.user.password_reset", user, note=f"Đặt lại mật khẩu cho “{user.username}”.")
    axes_reset(username=user.username)
    return password


READABLE_CHARS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def generate_password(length: int = 14) -> str:
    """A random password without look-alike characters (0/O, 1/l/I), easy to read out."""
    return "".join(secrets.choice(READABLE_CHARS) for _ in range(length))


PASSWORD_PROBLEMS = {  # Django's validators, said in Vietnamese (its own translation misses some)
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự.",
    "password_too_similar": "Mật khẩu quá giống {verbose_name}.",
    "password_too_common": "Mật khẩu này quá phổ biến.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
}


def _validate_password(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        said = []
        for error in exc.error_list:
            text = PASSWORD_PROBLEMS.get(error.code)
            said.append(text.format(**(error.params or {})) if text else " ".join(error.messages))
        raise ValidationFailed(" ".join(said), field)


# --- the authority's own offices and legal bases (#18: wording from data) ---------------------------------------



def seed_paperwork_defaults(actor: User | None, authority: Authority) -> tuple[int, int]:
    """Give an authority that has none its level's offices and legal bases (orgs.officialdom) as rows it can
    edit; rows it already has are kept. Returns (offices, bases) created."""
    require(actor, "orgs.manage_paperwork")
    check_authority(actor, authority.pk)
    made = [0, 0]
    with transaction.atomic():
        if not Office.objects.filter(authority=authority).exists():
            for i, o in enumerate(default_offices(authority.level, locality_of(authority)), start=1):
                Office.objects.create(authority=authority, display_order=i, **{
                    f: getattr(o, f) for f in OFFICE_FIELDS if f != "display_order"})
                made[0] += 1
        if not LegalBasis.objects.filter(authority=authority).exists():
            for i, b in enumerate(default_bases(authority.level), start=1):
                LegalBasis.objects.create(authority=authority, text=b.text, kinds=b.kinds, valid_from=b.valid_from,
                                          valid_to=b.valid_to, display_order=i)
                made[1] += 1
        if any(made):
            log_action(actor, "orgs.paperwork.defaults", authority, None, {"offices": made[0], "bases": made[1]})
    return made[0], made[1]


@transaction.atomic
def save_paperwork(actor: User | None, authority: Authority, offices: list[dict], bases: list[dict]) -> None:
    """Replace the authority's offices and legal bases with the rows of the settings page, all or nothing."""
    require(actor, "orgs.manage_paperwork")
    check_authority(actor, authority.pk)
    _replace_rows(actor, authority, Office, offices, OFFICE_FIELDS)
    _replace_rows(actor, authority, LegalBasis, bases, BASIS_FIELDS)


def _replace_rows(actor: User | None, authority: Authority, model, rows: list[dict], fields: tuple[str, ...]) -> int:
    """`rows` (each a dict of `fields`, "id" to keep a row) in place of the authority's rows of `model`, audited;
    a row without its name/text is dropped."""
    key = fields[0]
    existing = {o.pk: o for o in model.objects.filter(authority=authority)}
    before = {pk: snapshot(o) for pk, o in existing.items()}
    rows = [r for r in rows if str(r.get(key) or "").strip()]
    keep_ids = {r.get("id") for r in rows}
    for pk in [pk for pk in existing if pk not in keep_ids]:
        existing.pop(pk).delete()
    kept, seen = set(), set()
    for i, row in enumerate(rows):
        name = " ".join(str(row[key]).split()).casefold()
        if name in seen:
            raise ValidationFailed(f"Dòng {i + 1}: “{row[key]}” đã có ở dòng trên.")
        seen.add(name)
        obj = existing.get(row.get("id")) or model(authority=authority)
        for f in fields:
            setattr(obj, f, row.get(f) if f != "display_order" else i + 1)
        try:
            obj.full_clean(exclude=["authority"])
        except DjangoValidationError as exc:
            raise ValidationFailed(f"Dòng {i + 1}: " + "; ".join(exc.messages)) from None
        obj.save()
        kept.add(obj.pk)
    log_action(actor, f"orgs.paperwork.{model._meta.model_name}", authority, {"rows": list(before.values())},
               {"rows": [snapshot(o) for o in model.objects.filter(authority=authority)]})
    return len(kept)
