# shape: wkgsh:Address-countryName
# focus: id:wco-headquarters-address
# path: vcard:country-name
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an address without its country
DELETE { GRAPH ?g { id:wco-headquarters-address ?p ?o } }
WHERE {
  VALUES ?p { vcard:country-name }
  GRAPH ?g { id:wco-headquarters-address ?p ?o }
} ;
