-- Non-credit training with its verification status as of the latest extract.
with training as (
    select * from staging.stg_training where person_id is not null
),

verification_periods as (
    select * from staging.stg_verification_periods where record_type_code = 'TRAINING'
),

summarise_verification as (
    select
        record_id as training_record_id,
        max_by(verification_status_code, valid_from) as verification_status_code,
        min(valid_from) filter (where verification_status_code = 'VERIFIED') as first_verified_date
    from verification_periods
    group by record_id
),

final as (
    select
        t.training_record_id,
        t.person_id,
        t.registry_id,
        t.topic_area_code,
        t.training_hours,
        t.completed_date,
        year(t.completed_date) + case when month(t.completed_date) >= 7 then 1 else 0 end as fiscal_year,
        t.trainer_person_id,
        t.reported_date,
        coalesce(v.verification_status_code, 'SELF_REPORTED') as verification_status_code,
        coalesce(v.verification_status_code = 'VERIFIED', false) as is_verified,
        v.first_verified_date
    from training t
    left join summarise_verification v using (training_record_id)
)

select * from final
