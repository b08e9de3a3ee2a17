-- College courses with their verification status as of the latest extract.
with coursework as (
    select * from staging.stg_coursework where person_id is not null
),

verification_periods as (
    select * from staging.stg_verification_periods where record_type_code = 'COURSEWORK'
),

summarise_verification as (
    select
        record_id as course_record_id,
        max_by(verification_status_code, valid_from) as verification_status_code,
        min(valid_from) filter (where verification_status_code = 'VERIFIED') as first_verified_date
    from verification_periods
    group by record_id
),

final as (
    select
        c.course_record_id,
        c.person_id,
        c.registry_id,
        c.institution_name,
        c.course_code,
        c.course_title,
        c.credits,
        c.credit_area_code,
        c.credit_area_code = 'EARLY_CHILDHOOD' as is_ece_credit,
        c.credit_area_code = 'ADMINISTRATION' as is_admin_credit,
        c.completed_date,
        c.grade_code,
        c.reported_date,
        coalesce(v.verification_status_code, 'SELF_REPORTED') as verification_status_code,
        coalesce(v.verification_status_code = 'VERIFIED', false) as is_verified,
        v.first_verified_date
    from coursework c
    left join summarise_verification v using (course_record_id)
)

select * from final
