"""Every write a user can cause to organisations, people and accounts: permission and scope
checked, one transaction, one audit entry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from .audit import log_action, log_many, snapshot
from .fieldcheck import field_problems
from .modelkit import CleanCharField, CleanTextField, authority_of, check_drawable
from .models import Authority, Organisation, Person, Role, User


class ValidationFailed(ValueError):
    """A bad value; `message` is Vietnamese and names the field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


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


@transaction.atomic
def update_person(actor: User | None, person: Person, values: dict) -> Person:
    require(actor, "orgs.manage_people", person)  # before: the officer must own the current unit
    check_authority(actor, person.authority_id)
    before = snapshot(person)
    apply_fields(person, values, PERSON_FIELDS)
    require(actor, "orgs.manage_people", person)  # and after: cannot move a person to another unit
    _validate_person(person)
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
