"""Who the generated bench is made of, stated as data: where post-training vendors recruit and how
much, which time zones and languages go with each country, names plausible for each region, and the
kinds of specialist (a doctor, a software engineer, a linguist…) with the skill areas each brings.

The numbers are plausible, not measured: they only have to make the demo look like a real bench."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    """ISO 3166-1 alpha-2."""
    weight: float
    """Relative share of the bench recruited here."""
    zones: tuple[tuple[str, float], ...]
    """IANA zones used here, each with its share of the country's specialists."""
    names: str
    """Key into ``NAMES``."""
    local_languages: tuple[tuple[str, float], ...]
    """ISO 639-1 codes spoken locally besides English, each with its share."""
    english_share: float
    """Share of specialists here who work in English."""
    local_share: float
    """Share of specialists here who also work in a local language (always, when not in English)."""
    rate_band: str
    """Key into ``RATE_BANDS``."""


_IN_LANGUAGES = (("hi", 5), ("ta", 2), ("te", 2), ("bn", 2), ("mr", 2), ("kn", 1), ("ml", 1), ("gu", 1))
_US_ZONES = (
    ("America/New_York", 5),
    ("America/Chicago", 3),
    ("America/Denver", 1),
    ("America/Los_Angeles", 4),
)

COUNTRIES: tuple[Country, ...] = (
    Country("IN", 20, (("Asia/Kolkata", 1),), "indian", _IN_LANGUAGES, 0.98, 1.0, "low"),
    Country("US", 14, _US_ZONES, "anglo", (("es", 3), ("zh", 1), ("fr", 1)), 1.0, 0.2, "high"),
    Country("PH", 9, (("Asia/Manila", 1),), "filipino", (("tl", 1),), 0.99, 1.0, "low"),
    Country("NG", 7, (("Africa/Lagos", 1),), "nigerian", (("yo", 2), ("ig", 2), ("ha", 1)), 0.99, 1.0, "low"),
    Country("KE", 6, (("Africa/Nairobi", 1),), "kenyan", (("sw", 1),), 0.99, 1.0, "low"),
    Country("PK", 5, (("Asia/Karachi", 1),), "pakistani", (("ur", 3), ("pa", 1)), 0.97, 1.0, "low"),
    Country(
        "BR",
        5,
        (("America/Sao_Paulo", 4), ("America/Fortaleza", 1), ("America/Recife", 1)),
        "brazilian",
        (("pt", 1),),
        0.8,
        1.0,
        "mid",
    ),
    Country(
        "MX",
        4,
        (("America/Mexico_City", 4), ("America/Monterrey", 1), ("America/Tijuana", 1)),
        "hispanic",
        (("es", 1),),
        0.8,
        1.0,
        "mid",
    ),
    Country("PL", 3, (("Europe/Warsaw", 1),), "polish", (("pl", 1),), 0.95, 1.0, "mid"),
    Country("UA", 2, (("Europe/Kyiv", 1),), "ukrainian", (("uk", 3), ("ru", 1)), 0.92, 1.0, "mid"),
    Country("EG", 3, (("Africa/Cairo", 1),), "arabic", (("ar", 1),), 0.93, 1.0, "low"),
    Country("GB", 4, (("Europe/London", 1),), "anglo", (("fr", 2), ("de", 1), ("es", 1)), 1.0, 0.25, "high"),
    Country("DE", 2, (("Europe/Berlin", 1),), "german", (("de", 1),), 0.95, 1.0, "high"),
    Country(
        "CA",
        3,
        (("America/Toronto", 4), ("America/Vancouver", 2), ("America/Edmonton", 1)),
        "anglo",
        (("fr", 1),),
        1.0,
        0.35,
        "high",
    ),
    Country(
        "ZA",
        3,
        (("Africa/Johannesburg", 1),),
        "south_african",
        (("af", 2), ("zu", 2), ("xh", 1)),
        1.0,
        0.6,
        "mid",
    ),
    Country("VN", 2, (("Asia/Ho_Chi_Minh", 1),), "vietnamese", (("vi", 1),), 0.85, 1.0, "low"),
    Country(
        "ID", 2, (("Asia/Jakarta", 4), ("Asia/Makassar", 1)), "indonesian", (("id", 1),), 0.85, 1.0, "low"
    ),
    Country(
        "AR",
        2,
        (("America/Argentina/Buenos_Aires", 3), ("America/Argentina/Cordoba", 1)),
        "hispanic",
        (("es", 1),),
        0.85,
        1.0,
        "mid",
    ),
    Country("CO", 2, (("America/Bogota", 1),), "hispanic", (("es", 1),), 0.8, 1.0, "low"),
    Country("RO", 2, (("Europe/Bucharest", 1),), "romanian", (("ro", 1),), 0.95, 1.0, "mid"),
)

RATE_BANDS: dict[str, float] = {"low": 14.0, "mid": 24.0, "high": 45.0}
"""Base hourly rate (USD) for a level-3 generalist in a country of this band."""

AREA_RATE_FACTOR: dict[str, float] = {
    "medicine": 2.4,
    "law": 2.1,
    "finance": 1.8,
    "coding": 1.6,
    "math": 1.5,
    "science": 1.4,
    "safety": 1.3,
    "documentation": 1.15,
    "bias": 1.1,
    "writing": 1.0,
    "languages": 0.9,
}
"""How much more the best-paid skill area of a specialist commands than general writing."""

LEVEL_WEIGHTS: tuple[float, ...] = (0.04, 0.24, 0.38, 0.27, 0.07)
"""Share of skill levels 1–5: most specialists are solid (2–4), few are top experts."""

STATUS_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("vetted", 0.72),
    ("vetting", 0.09),
    ("applicant", 0.09),
    ("suspended", 0.06),
    ("offboarded", 0.04),
)

WEEKLY_HOURS: tuple[tuple[int, float], ...] = (
    (10, 0.08),
    (15, 0.04),
    (20, 0.34),
    (25, 0.04),
    (30, 0.24),
    (40, 0.26),
)
"""Hours a week specialists offer: mostly 20, 30 or 40."""


@dataclass(frozen=True)
class Profile:
    """A kind of specialist: the skill areas they are hired for, and what they may bring besides."""

    name: str
    weight: float
    primary: tuple[str, ...]
    """Skill areas (or exact skill ids) the main skills come from."""
    extra: tuple[tuple[str, float], ...]
    """Further skill areas or ids, each added with this probability."""
    main_skills: tuple[int, int]
    """How many primary skills (inclusive range)."""


_RANKING = "writing.preference_ranking"

PROFILES: tuple[Profile, ...] = (
    Profile("software engineer", 30, ("coding",), (("math", 0.3), ("documentation", 0.15)), (1, 3)),
    Profile("mathematician", 9, ("math",), (("coding.python", 0.4), ("science.physics", 0.15)), (1, 2)),
    Profile("scientist", 7, ("science",), (("math.statistics", 0.35), ("coding.python", 0.2)), (1, 2)),
    Profile("doctor", 8, ("medicine",), (("science.biology", 0.3), ("writing.editing", 0.1)), (1, 3)),
    Profile("lawyer", 6, ("law",), (("writing.editing", 0.2), ("finance.tax", 0.1)), (1, 2)),
    Profile("finance professional", 6, ("finance",), (("math.statistics", 0.4), ("coding.sql", 0.2)), (1, 2)),
    Profile("technical writer", 6, ("documentation",), (("writing.editing", 0.5), ("coding", 0.4)), (1, 2)),
    Profile("safety researcher", 6, ("safety",), (("bias", 0.5), (_RANKING, 0.3)), (1, 2)),
    Profile("bias evaluator", 4, ("bias",), (("safety.policy", 0.3), (_RANKING, 0.3)), (1, 2)),
    Profile("writer", 10, ("writing",), (("languages", 0.3),), (1, 2)),
    Profile("linguist", 8, ("languages",), (("writing.editing", 0.4), (_RANKING, 0.2)), (1, 2)),
)

# Names per region: first names, then family names, separated by commas. Small lists, enough to look
# like a real bench, spelled as people there spell them.
_NAME_LISTS: dict[str, tuple[str, str]] = {
    "indian": (
        "Aarav, Priya, Rohan, Ananya, Vikram, Sneha, Arjun, Kavya, Rahul, Divya, Sanjay, Lakshmi, "
        "Karthik, Meera, Aditya, Pooja",
        "Sharma, Patel, Iyer, Reddy, Nair, Gupta, Singh, Menon, Das, Kulkarni, Joshi, Banerjee, Rao, "
        "Chatterjee, Mehta, Pillai",
    ),
    "anglo": (
        "James, Emily, Michael, Sarah, David, Olivia, Daniel, Grace, Thomas, Hannah, Ryan, Chloe, Andrew, "
        "Megan, Jordan, Rachel",
        "Smith, Johnson, Williams, Brown, Taylor, Wilson, Clarke, Walker, Campbell, Evans, Murphy, "
        "Hughes, Miller, Davis, Thompson, Robinson",
    ),
    "filipino": (
        "Maria, Jose, Angelica, Mark, Kristine, John Paul, Jasmine, Carlo, Patricia, Miguel, Rowena, Paolo",
        "Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Villanueva, Dela Cruz, Aquino, Castillo, "
        "Ramos",
    ),
    "nigerian": (
        "Chinedu, Ngozi, Oluwaseun, Funmilayo, Emeka, Amaka, Tunde, Chiamaka, Ibrahim, Aisha, Adebayo, "
        "Folake",
        "Okafor, Adeyemi, Eze, Balogun, Nwosu, Okonkwo, Abubakar, Adeleke, Obi, Ogunleye, Bello, Uche",
    ),
    "kenyan": (
        "Wanjiru, Kamau, Achieng, Otieno, Njeri, Mwangi, Akinyi, Kiprop, Wambui, Omondi, Chebet, Mutua",
        "Kariuki, Odhiambo, Mutiso, Kibet, Wafula, Njoroge, Owino, Cheruiyot, Maina, Onyango, Kiptoo, "
        "Muthoni",
    ),
    "pakistani": (
        "Ahmed, Fatima, Usman, Ayesha, Bilal, Zainab, Hamza, Sana, Imran, Hira, Faisal, Mahnoor",
        "Khan, Malik, Qureshi, Chaudhry, Siddiqui, Butt, Sheikh, Raza, Hussain, Iqbal, Mirza, Javed",
    ),
    "brazilian": (
        "João, Ana, Lucas, Beatriz, Gabriel, Juliana, Rafael, Camila, Pedro, Larissa, Thiago, Fernanda",
        "Silva, Santos, Oliveira, Souza, Pereira, Costa, Rodrigues, Almeida, Nascimento, Lima, Araújo, "
        "Carvalho",
    ),
    "hispanic": (
        "José, María, Carlos, Sofía, Luis, Valentina, Diego, Camila, Javier, Lucía, Andrés, Daniela, "
        "Mateo, Gabriela",
        "García, Hernández, López, Martínez, González, Rodríguez, Pérez, Sánchez, Ramírez, Torres, Gómez, "
        "Díaz, Moreno, Castro",
    ),
    "polish": (
        "Jakub, Anna, Piotr, Katarzyna, Tomasz, Agnieszka, Łukasz, Magdalena, Paweł, Joanna, Michał, Zofia",
        "Nowak, Kowalski, Wiśniewski, Wójcik, Kamińska, Lewandowski, Zielińska, Szymański, Woźniak, "
        "Dąbrowska, Kozłowski, Mazur",
    ),
    "ukrainian": (
        "Oleksandr, Olena, Andriy, Iryna, Dmytro, Natalia, Serhiy, Oksana, Maksym, Yulia, Taras, Kateryna",
        "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boyko, Oliynyk, Lysenko, "
        "Marchenko, Savchenko, Rudenko",
    ),
    "arabic": (
        "Mohamed, Fatma, Ahmed, Nour, Mahmoud, Mariam, Omar, Yasmin, Karim, Salma, Youssef, Heba",
        "Hassan, Ibrahim, Mostafa, Abdelrahman, Salem, Farouk, Mansour, Saleh, Gamal, Fathy, Shaker, Nabil",
    ),
    "german": (
        "Lukas, Anna, Maximilian, Lena, Felix, Laura, Jonas, Sophie, Leon, Julia, Paul, Marie",
        "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Hoffmann, Schulz, Koch, Richter",
    ),
    "south_african": (
        "Thabo, Naledi, Sipho, Lerato, Pieter, Anika, Themba, Zanele, Johan, Nomvula, Kagiso, Lindiwe",
        "Nkosi, Dlamini, van der Merwe, Mokoena, Botha, Khumalo, Naidoo, Ndlovu, Pretorius, Mahlangu, "
        "Venter, Zulu",
    ),
    "vietnamese": (
        "Minh, Linh, Hùng, Trang, Tuấn, Ngọc, Dũng, Thảo, Quang, Hương, Nam, Mai",
        "Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi, Đỗ, Ngô, Phan, Huỳnh",
    ),
    "indonesian": (
        "Budi, Siti, Agus, Dewi, Rizky, Putri, Andi, Ayu, Fajar, Indah, Hendra, Wulan",
        "Santoso, Wijaya, Saputra, Hidayat, Kusuma, Pratama, Setiawan, Nugroho, Halim, Gunawan, Lestari, "
        "Siregar",
    ),
    "romanian": (
        "Andrei, Ioana, Alexandru, Elena, Mihai, Maria, Ștefan, Andreea, Cristian, Gabriela, Vlad, Raluca",
        "Popescu, Ionescu, Popa, Dumitru, Stan, Stoica, Gheorghe, Rusu, Munteanu, Matei, Constantin, Marin",
    ),
}

NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    region: (tuple(first.split(", ")), tuple(last.split(", ")))
    for region, (first, last) in _NAME_LISTS.items()
}
"""Region → (first names, family names)."""
