-- Credential types of the credentials file (registry-export-spec.md 3.10) with the rules that use them
-- (metrics.md: ECE/ECSE teaching certificates and ECTCs count toward the qualification standards).
with credential_types as (
    select *
    from (
        values
            ('ECTC_ASSOCIATE', 'Early Childhood Teacher Credential, associate level', 'ECTC', false, false, true),
            ('ECTC_BACHELOR', 'Early Childhood Teacher Credential, bachelor level', 'ECTC', false, true, false),
            ('HEAD_TEACHER_CENTER', 'Head Teacher designation (center)', 'Licensing designation', false, false, false),
            ('HEAD_TEACHER_SCHOOL_AGE', 'Head Teacher designation (school age)', 'Licensing designation', false, false, false),
            ('TEACHING_CERT_ECE', 'Teaching certificate, early childhood', 'Teaching certificate', true, true, false),
            ('TEACHING_CERT_ECSE', 'Teaching certificate, early childhood special education', 'Teaching certificate', true, true, false),
            ('TA_TRAINER', 'Approved TA provider: trainer', 'TA approval', false, false, false),
            ('TA_COACH', 'Approved TA provider: coach', 'TA approval', false, false, false),
            ('TA_MENTOR', 'Approved TA provider: mentor', 'TA approval', false, false, false),
            ('TA_EDUCATION_CONSULTANT', 'Approved TA provider: education consultant', 'TA approval', false, false, false)
    ) as t(
        credential_type_code,
        credential_type_name,
        credential_family_name,
        is_ece_teaching_cert,
        is_bachelor_level_route,
        is_associate_level_route
    )
),

final as (
    select * from credential_types
)

select * from final
