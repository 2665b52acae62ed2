"""Seed the advertising guard's word list. The clinic can edit it under Clinic → Advertising guard words."""

from django.db import migrations

MEDICINES = [
    ("botulinum toxin", "The active substance of anti-wrinkle injections (POM)."),
    ("botulinum", "Any mention of botulinum toxin products (POM)."),
    ("hyaluronidase", "Enzyme used to dissolve filler (POM)."),
    ("semaglutide", "Weight-loss injection (POM)."),
    ("tirzepatide", "Weight-loss injection (POM)."),
    ("liraglutide", "Weight-loss injection (POM)."),
    ("lidocaine injection", "Injectable local anaesthetic (POM)."),
]
BRANDS = [
    ("Botox", "Botulinum toxin brand."),
    ("Vistabel", "Botulinum toxin brand."),
    ("Azzalure", "Botulinum toxin brand."),
    ("Alluzience", "Botulinum toxin brand."),
    ("Bocouture", "Botulinum toxin brand."),
    ("Xeomin", "Botulinum toxin brand."),
    ("Dysport", "Botulinum toxin brand."),
    ("Letybo", "Botulinum toxin brand."),
    ("Relfydess", "Botulinum toxin brand."),
    ("Daxxify", "Botulinum toxin brand."),
    ("Hyalase", "Hyaluronidase brand."),
    ("Ozempic", "Semaglutide brand."),
    ("Wegovy", "Semaglutide brand."),
    ("Mounjaro", "Tirzepatide brand."),
    ("Saxenda", "Liraglutide brand."),
]


def seed(apps, schema_editor):
    RestrictedTerm = apps.get_model("website", "RestrictedTerm")
    for term, note in MEDICINES:
        RestrictedTerm.objects.get_or_create(term=term, defaults={"kind": "medicine", "note": note})
    for term, note in BRANDS:
        RestrictedTerm.objects.get_or_create(term=term, defaults={"kind": "brand", "note": note})


class Migration(migrations.Migration):
    dependencies = [("website", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
