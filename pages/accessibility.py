"""Tilgængelighed: the accessibility statement that Danish law (webtilgængelighedsloven)
requires of a public web site."""

import streamlit as st

st.title("Tilgængelighedserklæring")
st.markdown("""
Styrelsen for Arbejdsmarked og Rekruttering (STAR) ønsker, at alle kan bruge overvågningen af
*Flere skal med*. Erklæringen gælder dette websted og er udarbejdet efter lov om tilgængelighed
af offentlige organers websteder og mobilapplikationer (webtilgængelighedsloven, lov nr. 692 af
8. juni 2018), der gennemfører EU's webtilgængelighedsdirektiv, og standarden WCAG 2.1 niveau AA.

### Overensstemmelse
Webstedet er **delvist i overensstemmelse** med WCAG 2.1 niveau AA. Alle sider testes automatisk
med axe-core i hver rolle for WCAG 2.0 og 2.1 niveau A og AA uden fejl; farvekontrast er mindst
4,5:1 for tekst; valg og hentning af tabeller kan betjenes med tastaturet alene.

### Det, der ikke er tilgængeligt
- **Diagrammer og kort** kan ikke aflæses med skærmlæser punkt for punkt. Hvert diagram har en
  tekstbeskrivelse, og tallene bag det står i tabellen »Tal i diagrammet« under diagrammet og
  kan hentes som CSV eller Excel fra sidens tabel.
- **Zoom og markering i diagrammer** kræver mus eller berøring; de samme tal findes i tabellerne.
- **Månedsopgørelsen som PDF** er ikke mærket (tagged) PDF; de samme tabeller kan hentes som Excel.

### Udarbejdelse af erklæringen
Erklæringen er udarbejdet den 24. november 2026 på grundlag af automatiske tests (axe-core) af
alle sider i alle roller og en gennemgang med tastatur. Den gennemgås, når webstedet ændres.

### Feedback og kontakt
Oplever du problemer med tilgængeligheden, eller har du brug for oplysningerne i en anden form,
så skriv til STAR's overvågningsteam via star.dk. Vi svarer inden for 10 arbejdsdage.

### Håndhævelse
Digitaliseringsstyrelsen fører tilsyn med webtilgængelighedsloven. Får du ikke et
tilfredsstillende svar, kan du klage til Digitaliseringsstyrelsen (digst.dk).
""")
