"""Questions a workshop asks at enrollment (function in the party, special needs…): staff write
them in the workshop's admin; social-media actors answer when they enroll, a party's responsables
for each of their delegates; the answers go into the enrollment exports."""
