import factory
from django.utils import timezone

from accounts.choices import FacilityType, Role, Sector, UnitKind
from accounts.models import AdminUnit, Facility, Office, User, Zone

PASSWORD = "Mat-khau-thu-9"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit
        django_get_or_create = ("source", "code")

    source = AdminUnit.SOURCE_CURRENT
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    kind = UnitKind.COMMUNE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.FACILITY
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def zones(self, create, extracted, **kwargs):
        if create and extracted:
            self.zones.set(extracted)
        if create:
            self.save()


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    name = factory.Sequence(lambda n: f"Khu công nghiệp {n}")
    unit = factory.SubFactory(UnitFactory)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"Phòng {n}")
    kind = "division"
    unit = factory.SubFactory(UnitFactory)
    phone = "0209.3.800.100"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Cơ sở {n}")
    tax_code = factory.Sequence(lambda n: f"0{n:09d}")
    address = "Số 1, đường Thử"
    unit = factory.SubFactory(UnitFactory)
    sector = Sector.INDUSTRY
    facility_type = FacilityType.FACTORY
    latitude = 21.38
    longitude = 103.02


def issued_facility(**kwargs) -> Facility:
    """A facility with a login account issued now."""
    facility = FacilityFactory(**kwargs)
    user = UserFactory(role=Role.FACILITY)
    facility.issue_account(user, when=timezone.now())
    return facility
