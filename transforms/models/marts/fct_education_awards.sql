-- Degrees, certificates, diplomas and CDAs with their verification status as of the latest extract.
with education as (
    select * from staging.stg_education where person_id is not null
),

verification_periods as (
    select * from staging.stg_verification_periods where record_type_code = 'EDUCATION'
),

award_levels as (
    select * from marts.dim_award_levels
),

summarise_verification as (
    select
        record_id as education_id,
        max_by(verification_status_code, valid_from) as verification_status_code,
        min(valid_from) filter (where verification_status_code = 'VERIFIED') as first_verified_date
    from verification_periods
    group by record_id
),

final as (
    select
        e.education_id,
        e.person_id,
        e.registry_id,
        e.award_level_code,
        a.award_rank,
        a.highest_award_code,
        e.field_code,
        e.has_ece_concentration,
        e.is_regionally_accredited,
        e.has_ece_concentration and e.is_regionally_accredited as is_ece_degree,
        e.institution_name,
        e.awarded_date,
        e.expires_date,
        e.reported_date,
        coalesce(v.verification_status_code, 'SELF_REPORTED') as verification_status_code,
        coalesce(v.verification_status_code = 'VERIFIED', false) as is_verified,
        v.first_verified_date
    from education e
    left join award_levels a using (award_level_code)
    left join summarise_verification v using (education_id)
)

select * from final
