-- Employment spells with their verification status as of the latest extract.
with spells as (
    select * from staging.stg_employment where person_id is not null
),

verification_periods as (
    select * from staging.stg_verification_periods where record_type_code = 'EMPLOYMENT'
),

programs as (
    select * from staging.stg_programs
),

summarise_verification as (
    select
        record_id as employment_id,
        max_by(verification_status_code, valid_from) as verification_status_code,
        min(valid_from) filter (where verification_status_code = 'VERIFIED') as first_verified_date
    from verification_periods
    group by record_id
),

final as (
    select
        s.employment_id,
        s.person_id,
        s.registry_id,
        s.program_id,
        s.role_code,
        s.age_group_served_code,
        p.setting_code,
        s.start_date,
        s.end_date,
        s.end_date is null as is_current,
        coalesce(v.verification_status_code, 'SELF_REPORTED') as verification_status_code,
        coalesce(v.verification_status_code = 'VERIFIED', false) as is_verified,
        v.first_verified_date
    from spells s
    left join programs p using (program_id)
    left join summarise_verification v using (employment_id)
)

select * from final
