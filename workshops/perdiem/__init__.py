"""Per diem and transport of a workshop's participants: the rates (admin), the payment sheet
(« état de paiement ») computed from verified attendance, its validation and its exports."""
