"""Fill English translations into sentra/locale/en/LC_MESSAGES/django.po from EN below.
Run after `manage.py makemessages -l en`; then `manage.py compilemessages`. Only empty msgstr are filled."""

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "sentra" / "locale" / "en" / "LC_MESSAGES" / "django.po"

EN = {
    "Admin": "Admin",
    "Staf": "Staff",
    "Operator kecamatan": "District operator",
    "Pemilik usaha": "Business owner",
    "Mitra": "Partner",
    "Pembeli": "Buyer",
    "peran": "role",
    "kecamatan tugas": "assigned districts",
    "pengguna": "user",
    "Masuk": "Sign in",
    "Masuk ke Sentra": "Sign in to Sentra",
    "Nama pengguna atau kata sandi salah.": "Wrong username or password.",
    "Nama pengguna": "Username",
    "Kata sandi": "Password",
    "dibuat": "created",
    "diubah": "changed",
    "dihapus": "deleted",
    "mis. web, admin, impor, seed_demo": "e.g. web, admin, import, seed_demo",
    "riwayat perubahan": "change history",
    "Statistik IKM": "IKM statistics",
    "Statistik IKM %(regency)s": "IKM statistics of %(regency)s",
    "<strong>%(total)s IKM</strong> tersebar di <strong>%(districts)s kecamatan</strong>": "<strong>%(total)s IKM</strong> across <strong>%(districts)s districts</strong>",
    "%(n)s di antaranya telah memiliki NIB (%(pct)s%%).": "%(n)s of them hold an NIB (%(pct)s%%).",
    "dari %(n)s": "of %(n)s",
    "IKM per kecamatan": "IKM per district",
    "Kecamatan": "District",
    "IKM": "IKM",
    "Ber-NIB": "With NIB",
    "Cakupan NIB": "NIB coverage",
    "Jumlah": "Total",
    "Definisi angka": "Definitions",
    "Data mesin:": "Machine-readable data:",
    "kode": "code",
    "nama": "name",
    "provinsi": "province",
    "kabupaten/kota": "regency/city",
    "kode BPS": "BPS code",
    "luas (km²)": "area (km²)",
    "kecamatan": "district",
    "Desa": "Village",
    "Kelurahan": "Urban village",
    "jenis": "type",
    "kode pos": "postal code",
    "desa/kelurahan": "village",
    "— pilih desa/kelurahan —": "— choose a village —",
    "kel.": "urban",
    "Kecamatan tidak dikenali.": "Unknown district.",
    "Telepon/WA usaha": "Business phone/WhatsApp",
    "Negara tujuan ekspor": "Export destinations",
    "Kode negara dipisah koma, mis. MY, SG, JP": "Country codes separated by commas, e.g. MY, SG, JP",
    "Gunakan kode negara dua huruf (ISO), mis. MY, SG, JP: %(bad)s": "Use two-letter (ISO) country codes, "
    "e.g. MY, SG, JP: %(bad)s",
    "Desa/kelurahan %(v)s tidak berada di Kecamatan %(d)s.": "Village %(v)s is not in district %(d)s.",
    "Isi minimal satu negara tujuan untuk jangkauan ekspor.": "Give at least one destination for export reach.",
    "Telepon/WA pemilik": "Owner phone/WhatsApp",
    "NIB %(nib)s sudah terdaftar untuk IKM “%(name)s”.": "NIB %(nib)s is already registered to “%(name)s”.",
    "Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.": "The expiry date cannot be before the issue date.",
    "Semua": "All",
    "Ada NIB": "With NIB",
    "Belum ada NIB": "Without NIB",
    "Cari": "Search",
    "Sektor": "Sector",
    "NIB": "NIB",
    "Skala": "Scale",
    "Jangkauan pasar": "Market reach",
    "Status": "Status",
    "nama (Inggris)": "name (English)",
    "sektor": "sector",
    "kode KBLI": "KBLI code",
    "versi": "version",
    "judul": "title",
    "KBLI": "KBLI",
    "Laki-laki": "Male",
    "Perempuan": "Female",
    "nama pemilik": "owner name",
    "NIK": "NIK",
    "jenis kelamin": "gender",
    "tanggal lahir": "birth date",
    "telepon": "phone",
    "e-mail": "e-mail",
    "alamat": "address",
    "pemilik": "owner",
    "Aktif": "Active",
    "Tidak aktif": "Inactive",
    "Tutup": "Closed",
    "Mikro": "Micro",
    "Kecil": "Small",
    "Menengah": "Medium",
    "Besar": "Large",
    "Lokal (kabupaten)": "Local (regency)",
    "Regional (provinsi)": "Regional (province)",
    "Nasional": "National",
    "Ekspor": "Export",
    "nama usaha": "business name",
    "produk utama": "main products",
    "alamat usaha": "business address",
    "lintang": "latitude",
    "bujur": "longitude",
    "telepon/WA usaha": "business phone/WhatsApp",
    "nomor boleh tampil publik": "number may be shown publicly",
    "Hanya bila pemilik menyetujui.": "Only with the owner's consent.",
    "tahun berdiri": "year founded",
    "tenaga kerja laki-laki": "male workers",
    "tenaga kerja perempuan": "female workers",
    "modal usaha (Rp, di luar tanah & bangunan)": "business capital (Rp, excluding land & buildings)",
    "omzet per tahun (Rp)": "annual sales (Rp)",
    "skala usaha": "business scale",
    "kapasitas per bulan": "monthly capacity",
    "satuan kapasitas": "capacity unit",
    "jangkauan pasar": "market reach",
    "negara tujuan ekspor": "export destinations",
    "Kode negara ISO, mis. MY, SG, JP": "ISO country codes, e.g. MY, SG, JP",
    "status": "status",
    "tanggal terdaftar": "registered on",
    "SPP-IRT (PIRT)": "SPP-IRT (PIRT)",
    "Sertifikat halal": "Halal certificate",
    "BPOM MD": "BPOM MD",
    "HKI/Merek": "IP/trademark",
    "SNI": "SNI",
    "Lainnya": "Other",
    "jenis izin": "permit type",
    "nomor": "number",
    "tanggal terbit": "issued on",
    "berlaku sampai": "valid until",
    "keterangan": "note",
    "izin": "permit",
    "NIB ini sudah terdaftar untuk IKM lain.": "This NIB is already registered to another IKM.",
    "Satu IKM hanya boleh memiliki satu NIB.": "An IKM can have only one NIB.",
    "%(n)s IKM ditemukan": "%(n)s IKM found",
    "Nama usaha": "Business name",
    "Pemilik": "Owner",
    "Kecamatan / desa": "District / village",
    "ada": "yes",
    "belum": "not yet",
    "Tidak ada IKM yang cocok dengan saringan ini.": "No IKM match these filters.",
    "Halaman": "Page",
    "sebelumnya": "previous",
    "Halaman %(n)s dari %(total)s": "Page %(n)s of %(total)s",
    "berikutnya": "next",
    "data demo": "demo data",
    "Kec.": "District",
    "Ubah data": "Edit",
    "Usaha": "Business",
    "Produk utama": "Main products",
    "Tahun berdiri": "Year founded",
    "Tenaga kerja": "Workers",
    "L": "M",
    "P": "F",
    "Modal": "Capital",
    "Omzet/tahun": "Sales/year",
    "Skala (PP 7/2021)": "Scale (PP 7/2021)",
    "Kapasitas/bulan": "Capacity/month",
    "Alamat usaha": "Business address",
    "(disembunyikan)": "(hidden)",
    "Telepon/WA": "Phone/WhatsApp",
    "Koordinat": "Coordinates",
    "Nama": "Name",
    "Jenis kelamin": "Gender",
    "Alamat": "Address",
    "Izin & sertifikat": "Permits & certificates",
    "Jenis": "Type",
    "Nomor": "Number",
    "Terbit": "Issued",
    "Berlaku s.d.": "Valid until",
    "Belum ada izin tercatat.": "No permits recorded yet.",
    "Riwayat": "History",
    "Waktu": "Time",
    "Oleh": "By",
    "Aksi": "Action",
    "Perubahan": "Changes",
    "Belum ada riwayat.": "No history yet.",
    "Ubah": "Edit",
    "Tambah IKM": "Add IKM",
    "Tambah IKM baru": "Add a new IKM",
    "hapus izin ini": "delete this permit",
    "Simpan": "Save",
    "Batal": "Cancel",
    "Registri IKM": "IKM registry",
    "Cari, saring, dan buka data IKM.": "Search, filter and open IKM records.",
    "+ Tambah IKM": "+ Add IKM",
    "nama usaha, pemilik, produk, desa, NIB": "business, owner, product, village, NIB",
    "Saring": "Filter",
    "Memuat…": "Loading…",
    "Halaman ini untuk staf Dekranasda dan operator kecamatan.": "This page is for council staff and district operators.",
    "Data IKM “%(name)s” tersimpan.": "IKM “%(name)s” saved.",
    "Data belum tersimpan: periksa isian yang ditandai.": "Not saved yet: check the marked fields.",
    "Bahasa Indonesia": "Bahasa Indonesia",
    "English": "English",
    "Statistik": "Statistics",
    "Keluar": "Sign out",
    "sistem informasi IKM": "IKM information system",
    "Mode pengembangan: data demo adalah data rekaan.": "Development mode: demo data is invented.",
    "Sentra": "Sentra",
    "Data registri Dekranasda per %(date)s. Hanya angka agregat; tidak ada data pribadi.": "Council registry data as of %(date)s. Aggregates only; no personal data.",
}


def unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    missing = []
    for i, entry in enumerate(entries):
        m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ""\s*$', entry, flags=re.M | re.S)
        if not m or "msgid_plural" in entry:
            continue
        msgid = unquote(m.group(1))
        if not msgid:
            continue
        if msgid in EN:
            entries[i] = entry[: m.start()] + f"msgid {m.group(1).rstrip()}\nmsgstr {quote(EN[msgid])}"
            entries[i] = entries[i].replace("#, fuzzy\n", "")
        else:
            missing.append(msgid)
    # plural entries: msgstr[0]/[1]
    out = "\n\n".join(entries)
    out = re.sub(
        r'msgid "%\(n\)s IKM ditemukan"\nmsgid_plural "%\(n\)s IKM ditemukan"\nmsgstr\[0\] ""\nmsgstr\[1\] ""',
        'msgid "%(n)s IKM ditemukan"\nmsgid_plural "%(n)s IKM ditemukan"\nmsgstr[0] "%(n)s IKM found"\n'
        'msgstr[1] "%(n)s IKM found"',
        out,
    )
    PO.write_text(out, encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
