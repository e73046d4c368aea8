# shape: wkgsh:Address-streetAddress
# focus: id:wco-headquarters-address
# path: vcard:street-address
# component: sh:MinCountConstraintComponent
# severity: Violation
# why: an address without its street
DELETE { GRAPH ?g { id:wco-headquarters-address ?p ?o } }
WHERE {
  VALUES ?p { vcard:street-address }
  GRAPH ?g { id:wco-headquarters-address ?p ?o }
} ;
