"""resolve_party: find or create the 当事人 named by a record, linking only on full valid codes."""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from liangfa.core.bulk import insert_models
from liangfa.core.identifiers import IdentifierCheck, check_identifier
from liangfa.core.text import normalize_name
from liangfa.parties.choices import IdKind, IdStatus, PartyKind
from liangfa.parties.models import Party, PartyIdentifier

_VALID = IdStatus.VALID.value


@dataclass
class PartyInput:
    name: str
    kind: str
    code: str = ""
    legal_rep: str = ""
    other_ids: dict[str, str] = field(default_factory=dict)  # IdKind -> value

    def check(self) -> IdentifierCheck:
        kind = "resident_id" if self.kind == PartyKind.NATURAL_PERSON else "uscc" if self.code else ""
        if self.kind == PartyKind.INDIVIDUAL_BUSINESS and self.code:
            kind = ""  # 个体工商户 may be registered with a USCC or with the owner's ID: guess by shape
        return check_identifier(self.code, kind)


def _lookup_key(data: PartyInput, check: IdentifierCheck, agency_id: int | None) -> tuple:
    if check.status == _VALID:
        return ("id", check.key)
    return ("local", agency_id, data.kind, normalize_name(data.name), check.raw.strip())


class PartyResolver:
    """Resolves many records at once (imports), remembering what it found."""

    def __init__(self):
        # key -> party id (ids, not objects, and only the most recent: memory stays flat on big imports)
        self.cache: dict[tuple, int] = {}
        self.cache_limit = 100_000
        self.other_ids_seen: set[tuple] = set()

    def resolve(self, data: PartyInput, *, agency_id: int | None, check: IdentifierCheck | None = None) -> Party:
        return Party.objects.get(pk=self.resolve_many([(data, check or data.check())], agency_id=agency_id)[0])

    def resolve_many(self, items: list[tuple[PartyInput, IdentifierCheck]], *, agency_id: int | None) -> list[int]:
        keys = [_lookup_key(data, check, agency_id) for data, check in items]
        missing = {key: item for key, item in zip(keys, items, strict=True) if key not in self.cache}
        if missing:
            self._load_existing(missing, agency_id)
            self._create_missing({k: v for k, v in missing.items() if k not in self.cache}, agency_id)
        parties = [self.cache[key] for key in keys]
        self._add_other_ids(parties, [data for data, _ in items])
        if len(self.cache) > self.cache_limit:
            self.cache.clear()  # the next chunk reloads what it needs in one query
            self.other_ids_seen.clear()
        return parties

    def _load_existing(self, missing: dict, agency_id: int | None) -> None:
        id_keys = [key[1] for key in missing if key[0] == "id"]
        for pk, id_key in Party.objects.filter(id_key__in=id_keys).values_list("pk", "id_key"):
            self.cache[("id", id_key)] = pk
        names = {key[3] for key in missing if key[0] == "local"}
        if names:
            rows = Party.objects.filter(id_key="", source_agency_id=agency_id, name_norm__in=names)
            for pk, kind, name_norm, id_raw in rows.values_list("pk", "kind", "name_norm", "id_raw"):
                self.cache[("local", agency_id, kind, name_norm, id_raw)] = pk

    def _create_missing(self, missing: dict, agency_id: int | None) -> None:
        if not missing:
            return
        new = {key: _new_party(data, check, agency_id) for key, (data, check) in missing.items()}
        try:
            with transaction.atomic():
                insert_models(Party, list(new.values()))
            self.cache.update({key: party.pk for key, party in new.items()})
        except IntegrityError:  # another import created some of them meanwhile: one by one
            for key, (data, check) in missing.items():
                self.cache[key] = _get_or_create(data, check, key, agency_id).pk

    def _add_other_ids(self, party_ids: list[int], inputs: list[PartyInput]) -> None:
        rows = []
        for party_id, data in zip(party_ids, inputs, strict=True):
            for kind, value in data.other_ids.items():
                value = (value or "").strip()
                marker = (party_id, kind, value)
                if value and marker not in self.other_ids_seen:
                    self.other_ids_seen.add(marker)
                    rows.append(PartyIdentifier(party_id=party_id, kind=kind, value=value))
        if rows:
            PartyIdentifier.objects.bulk_create(rows, ignore_conflicts=True)


def _new_party(data: PartyInput, check: IdentifierCheck, agency_id: int | None) -> Party:
    id_kind = {"resident_id": IdKind.RESIDENT_ID, "uscc": IdKind.USCC}.get(check.kind, "")
    return Party(
        kind=data.kind, name=data.name.strip(), name_norm=normalize_name(data.name), id_kind=id_kind,
        id_raw=check.raw.strip(), id_status=check.status, id_key=check.key, id_error=check.error,
        warnings=check.warnings, birth_date=check.birth_date, region_code=check.region_code,
        legal_rep=data.legal_rep.strip(), source_agency_id=None if check.key else agency_id,
    )


def _get_or_create(data: PartyInput, check: IdentifierCheck, key: tuple, agency_id: int | None) -> Party:
    if key[0] == "id":
        lookup = {"id_key": check.key}
    else:
        lookup = {"id_key": "", "source_agency_id": agency_id, "kind": data.kind,
                  "name_norm": key[3], "id_raw": key[4]}
    party = Party.objects.filter(**lookup).first()
    if party is not None:
        if not party.legal_rep and data.legal_rep:
            Party.objects.filter(pk=party.pk).update(legal_rep=data.legal_rep)
            party.legal_rep = data.legal_rep
        return party
    new = _new_party(data, check, agency_id)
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:  # created concurrently by another import
        return Party.objects.get(**lookup)
    return new


def resolve_party(data: PartyInput, *, agency_id: int | None) -> Party:
    return PartyResolver().resolve(data, agency_id=agency_id)
