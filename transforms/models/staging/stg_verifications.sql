-- Verification checks of member records (append-only).
with verifications as (
    select * from raw.verifications where _valid_to is null
),

final as (
    select
        verification_id,
        record_type as record_type_code,
        record_id,
        outcome as outcome_code,
        verified_on as verified_date,
        verified_by as verified_by_code,
        document_type as document_type_code
    from verifications
)

select * from final
