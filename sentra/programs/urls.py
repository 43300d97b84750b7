from django.urls import path

from sentra.programs import partner_views, public_views, views

app_name = "programs"
urlpatterns = [
    # public and owners
    path("jadwal/", public_views.schedule_view, name="schedule"),
    path("kegiatan/<int:pk>/daftar/", public_views.signup_view, name="signup"),
    path("saya/", public_views.my_trainings_view, name="my_trainings"),
    path("sertifikat/<int:pk>.pdf", public_views.certificate_download_view, name="certificate_pdf"),
    path("verifikasi/", public_views.verify_view, name="verify"),
    path("verifikasi/<str:number>/", public_views.verify_view, name="verify_number"),
    # partner organisations
    path("mitra/", partner_views.partner_home_view, name="partner_home"),
    path("mitra/<int:pk>/", partner_views.partner_program_view, name="partner_program"),
    path("mitra/kegiatan/<int:pk>/ikut/", partner_views.partner_join_view, name="partner_join"),
    path("organisasi/", partner_views.organisation_list_view, name="organisation_list"),
    path("organisasi/<int:pk>/anggota/", partner_views.organisation_members_view, name="organisation_members"),
    # staff
    path("", views.program_list_view, name="program_list"),
    path("baru/", views.program_edit_view, name="program_create"),
    path("<int:pk>/", views.program_detail_view, name="program_detail"),
    path("<int:pk>/ubah/", views.program_edit_view, name="program_edit"),
    path("<int:pk>/hasil/", views.outcome_report_view, name="outcome_report"),
    path("<int:program_pk>/kegiatan/baru/", views.session_edit_view, name="session_create"),
    path("<int:pk>/calon/baru/", views.prospect_create_view, name="prospect_create"),
    path("calon/<int:pk>/usaha/", views.prospect_convert_view, name="prospect_convert"),
    path("kegiatan/<int:pk>/", views.session_detail_view, name="session_detail"),
    path("kegiatan/<int:pk>/ubah/", views.session_edit_view, name="session_edit"),
    path("kegiatan/<int:pk>/daftarkan/", views.session_enroll_bulk_view, name="session_enroll_bulk"),
    path("kegiatan/<int:pk>/daftarkan-calon/", views.session_enroll_prospect_view, name="session_enroll_prospect"),
    path("kegiatan/<int:pk>/absensi/", views.attendance_view, name="attendance"),
    path("kegiatan/<int:pk>/absensi/unggah/", views.attendance_upload_view, name="attendance_upload"),
    path("kegiatan/<int:pk>/selesai/", views.session_complete_view, name="session_complete"),
    path("kegiatan/<int:pk>/pengingat/", views.session_reminders_view, name="session_reminders"),
    path("kegiatan/<int:pk>/sertifikat.zip", views.session_certificates_zip_view, name="session_certificates"),
    path("peserta/<int:pk>/batal/", views.enrollment_cancel_view, name="enrollment_cancel"),
    path("tindak-lanjut/<int:pk>/", views.followup_view, name="followup"),
]
