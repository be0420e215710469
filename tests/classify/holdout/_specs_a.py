# Batch 1, part A: départements (bdp) and BMVR.  Executed by _build.py (m, D, AR, quote_* in scope).

# ---------------------------------------------------------------- bdp
m.mail(1, ("bdp", "training", "human"), ("Nathalie Lebrun", "nathalie.lebrun@manche.fr"),
       "Demande de formation délocalisée – accueil des adolescents",
       D("""\
       Bonjour,

       La Médiathèque départementale de la Manche souhaiterait organiser, au premier semestre
       2027, une session de formation délocalisée à Saint-Lô sur l'accueil des adolescents en
       bibliothèque. Elle s'adresserait à une vingtaine de bibliothécaires salariés et bénévoles
       de notre réseau.

       Votre service propose-t-il toujours des formations « clé en main » avec un formateur qui se
       déplace en région ? Si oui, pourriez-vous m'indiquer les modalités (durée, coût, conditions
       d'accueil) et les dates encore disponibles ?

       Je vous remercie par avance.

       Nathalie Lebrun
       Responsable du pôle formation
       Médiathèque départementale de la Manche
       Direction de la culture – Conseil départemental de la Manche
       02 33 77 00 00
       """), client="outlook", html=True)

m.mail(2, ("bdp", "digital_resources", "human"), ("Karim Benali", "k.benali@valdoise.fr"),
       "Ressources numériques : renouvellement de nos abonnements",
       D("""\
       Bonjour,

       Nous arrivons au terme de nos abonnements de ressources numériques (presse en ligne,
       autoformation aux langues et vidéo à la demande) proposés aux bibliothèques du Val-d'Oise
       via notre portail départemental.

       Avant de relancer un marché, nous aimerions savoir si une offre négociée au niveau national
       existe pour les départements, et à quelles conditions tarifaires. Nous nous interrogeons
       aussi sur le prêt de livres numériques (PNB) : quelles licences conseillez-vous pour un
       réseau de 120 bibliothèques ?

       Cordialement,
       Karim Benali
       Chargé des ressources numériques
       Bibliothèque départementale du Val-d'Oise
       """), client="zimbra")

m.mail(3, ("bdp", "expertise", "human"), ("Direction de la lecture publique", "lecture.publique@gers.fr"),
       "Accompagnement – révision du schéma départemental de lecture publique",
       D("""\
       Madame, Monsieur,

       Le Conseil départemental du Gers engage en 2027 la révision de son schéma départemental de
       développement de la lecture publique, adopté en 2016.

       Nous souhaiterions bénéficier de votre accompagnement méthodologique : conseils sur le
       diagnostic territorial, exemples de schémas récents dans des départements ruraux
       comparables, et éventuellement une visite de votre équipe pour rencontrer nos élus.

       Pourriez-vous nous indiquer l'interlocuteur pertinent ?

       Avec nos remerciements,

       Sophie Abadie
       Directrice de la lecture publique
       Conseil départemental du Gers – Médiathèque départementale
       81 route de Pessan – 32000 Auch
       """), client="outlook", cte="base64", html=True)

m.mail(4, ("bdp", "reference_network", "human"), ("Pauline Marty", "pauline.marty@cd31.fr"),
       "Adhésion au service de questions-réponses en ligne",
       D("""\
       Bonjour,

       La Médiathèque départementale de la Haute-Garonne réfléchit à rejoindre votre réseau de
       questions-réponses à distance. Deux de nos bibliothécaires seraient volontaires pour
       répondre aux questions des internautes, notamment en histoire locale et en littérature
       jeunesse.

       Quelles sont les conditions d'adhésion ? Faut-il signer une charte, et combien de temps par
       semaine faut-il prévoir par répondant ?

       Merci pour votre retour,

       Pauline Marty
       Médiathèque départementale de la Haute-Garonne
       """), client="thunderbird", cte="8bit")

m.mail(5, ("bdp", "event", "human"), ("Anne-Laure Dufau", "al.dufau@cg33.fr"),
       "Invitation à intervenir – Journée professionnelle biblio.gironde",
       D("""\
       Bonjour,

       Biblio.gironde organise sa journée professionnelle annuelle le jeudi 8 avril à Bordeaux, sur
       le thème « Bibliothèques et transition écologique ». Nous attendons environ 200 personnes.

       Nous serions ravis de vous compter parmi les intervenants de la table ronde de l'après-midi
       (45 minutes, avec deux autres intervenants). Vos frais de transport seraient pris en charge
       par le Département.

       Merci de me dire si vous êtes disponible à cette date.

       Bien à vous,
       Anne-Laure Dufau
       Biblio.gironde – Bibliothèque départementale de prêt de la Gironde
       """), client="outlook_eu", html=True)

m.mail(6, ("bdp", "partnership", "human"), ("Marc Giraud", "marc.giraud@departement13.fr"),
       "Proposition de convention de partenariat – exposition itinérante",
       D("""\
       Bonjour,

       Suite à notre échange téléphonique, je vous confirme l'intérêt de la Bibliothèque
       départementale des Bouches-du-Rhône pour un partenariat autour de l'exposition itinérante
       que vous avez conçue sur l'histoire de la bande dessinée.

       Nous proposerions de la faire circuler dans une dizaine de bibliothèques du département en
       2027 et de cofinancer un catalogue. Pourriez-vous nous adresser un projet de convention
       précisant les engagements de chacun (transport, assurance, médiation) ?

       Bien cordialement,

       Marc Giraud
       Chef du service action culturelle
       Bibliothèque départementale des Bouches-du-Rhône
       Département des Bouches-du-Rhône
       """), client="outlook", html=True)

m.mail(7, ("bdp", "international", "human"), ("Isabelle Vandamme", "isabelle.vandamme@lenord.fr"),
       "Coopération transfrontalière avec la Province de Hainaut",
       D("""\
       Bonjour,

       La Médiathèque départementale du Nord et la Bibliothèque provinciale du Hainaut (Belgique)
       préparent un projet de coopération transfrontalière : échanges de bibliothécaires, visites
       croisées et un programme Interreg sur la lecture des jeunes.

       Vous avez déjà accompagné des échanges internationaux de ce type. Auriez-vous des conseils
       sur le montage d'un dossier européen, ou des contacts d'autres départements frontaliers
       ayant conduit un projet similaire (avec l'Allemagne ou la Suisse par exemple) ?

       Cordialement,
       Isabelle Vandamme
       Mission coopération – Médiathèque départementale du Nord
       Département du Nord
       """), client="outlook", html=True)

m.mail(8, ("bdp", "information", "human"), ("Yann Le Goff", "yann.legoff@ille-et-vilaine.fr"),
       "Changement de direction et mise à jour de vos listes",
       D("""\
       Bonjour,

       Je vous informe que Mme Catherine Rolland a quitté la direction de la Médiathèque
       départementale d'Ille-et-Vilaine le 31 août. J'assure l'intérim jusqu'à l'arrivée de son
       successeur, prévue en janvier.

       Merci de mettre à jour vos listes de diffusion et de m'adresser désormais les
       correspondances à cette adresse.

       Yann Le Goff
       Directeur adjoint
       Médiathèque départementale d'Ille-et-Vilaine
       """), client="zimbra")

m.mail(9, ("bdp", "training", "human"), ("Valérie Chassaing", "valerie.chassaing@puy-de-dome.fr"),
       "RE: Journée d'étude du 12 mars",
       D("""\
       Bonjour Madame Perrin,

       Merci pour ce programme. En complément, nous aimerions inscrire trois agents à la formation
       « Conduire un projet de médiathèque troisième lieu » des 2 et 3 avril. Reste-t-il des places,
       et les frais d'inscription sont-ils pris en charge pour les agents des départements ?

       Pouvez-vous aussi me confirmer si le stage peut être suivi à distance ?

       Cordialement,
       Valérie Chassaing
       Médiathèque départementale du Puy-de-Dôme
       """) + quote_outlook("Perrin Élodie <elodie.perrin@example.org>", "lundi 2 février 2026 10:14",
                              "Chassaing Valérie <valerie.chassaing@puy-de-dome.fr>",
                              "Journée d'étude du 12 mars", """\
       Bonjour,

       Vous trouverez ci-joint le programme de la journée d'étude du 12 mars « Bibliothèques et
       territoires ruraux » : conférence inaugurale, tables rondes, visite de la médiathèque.
       L'inscription au colloque est gratuite mais obligatoire.

       Bien cordialement,
       Élodie Perrin
       Service de la coopération"""), client="outlook", html=True, reply=True)

m.mail(10, ("bdp", "information", "auto_reply"), ("Hélène Fabre", "hfabre@ladrome.fr"),
       "Absent du bureau : Programme des formations 2027",
       D("""\
       Bonjour,

       Je suis absente du bureau jusqu'au 4 janvier inclus. Votre message ne sera pas transféré.
       Pour toute demande concernant les formations ou les prêts d'expositions, merci de contacter
       l'accueil de la Médiathèque départementale au 04 65 71 20 00.

       Hélène Fabre
       """), client="outlook", html=True, headers=[("X-Auto-Response-Suppress", "All")])

m.raw(11, ("bdp", "information", "bounce"), """\
Return-Path: <>
Received: from smtp.isere.fr (smtp.isere.fr [203.0.113.71])
	by mx.example.org (Postfix) with ESMTPS id 77A1C93B20
	for <cooperation@example.org>; Tue, 17 Feb 2026 14:03:22 +0100
From: Microsoft Outlook <postmaster@isere.fr>
To: <cooperation@example.org>
Date: Tue, 17 Feb 2026 13:03:19 +0000
Subject: =?utf-8?Q?Non_remis_:_Inscriptions_=E2=80=93_Rencontres_de_la_lecture_pu?=
 =?utf-8?Q?blique?=
Thread-Topic: Inscriptions – Rencontres de la lecture publique
Message-ID: <3c9e5f1a-77d2-4f0b-9a55-2c0b11e9ad04@PAZP264MB2871.FRAP264.PROD.OUTLOOK.COM>
Content-Language: fr-FR
Auto-Submitted: auto-replied
X-MS-Exchange-Message-Is-Ndr: 
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="_000_3c9e5f1a77d24f0b9a552c0b11e9ad04_"

--_000_3c9e5f1a77d24f0b9a552c0b11e9ad04_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Impossible de remettre le message à ces destinataires ou groupes :

jm.rey@isere.fr
L'adresse de messagerie que vous avez entrée est introuvable. Vérifiez l'adresse du destinataire et renvoyez le message.

Informations de diagnostic pour les administrateurs :

Serveur de génération : PAZP264MB2871.FRAP264.PROD.OUTLOOK.COM

jm.rey@isere.fr
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

--_000_3c9e5f1a77d24f0b9a552c0b11e9ad04_
Content-Type: message/delivery-status

Reporting-MTA: dns;PAZP264MB2871.FRAP264.PROD.OUTLOOK.COM
Received-From-MTA: dns;mx.example.org
Arrival-Date: Tue, 17 Feb 2026 13:03:17 +0000

Final-Recipient: rfc822;jm.rey@isere.fr
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup

--_000_3c9e5f1a77d24f0b9a552c0b11e9ad04_
Content-Type: text/rfc822-headers

From: Service de la coopération <cooperation@example.org>
To: <jm.rey@isere.fr>
Subject: Inscriptions – Rencontres de la lecture publique
Date: Tue, 17 Feb 2026 14:03:10 +0100
Message-ID: <coop.7a1e20b4c9d1.1771333390@helpdesk.example.org>

--_000_3c9e5f1a77d24f0b9a552c0b11e9ad04_--
""")

m.mail(12, ("bdp", "digital_resources", "human"), ("Jean-Baptiste Lalanne", "jb.lalanne@landes.fr"),
       "Livres numériques en bibliothèque : groupement de commandes ?",
       D("""\
       Bonjour,

       Le Département des Landes propose depuis 2022 une bibliothèque numérique (livres numériques
       via PNB, liseuses en prêt, musique en streaming) aux usagers des 60 bibliothèques de son
       réseau.

       Les coûts des licences augmentent fortement et nous envisageons un groupement de commandes
       avec d'autres départements de Nouvelle-Aquitaine. Savez-vous si un consortium existe déjà
       pour ce type d'achat ou si vous pouvez en coordonner un ? Nous serions intéressés par tout
       retour d'expérience.

       Merci,

       Jean-Baptiste Lalanne
       Médiathèque départementale des Landes
       """), client="outlook", html=True)

m.mail(13, ("bdp", "expertise", "human"), ("Céline Moreau", "celine.moreau@departement77.fr"),
       "Demande de conseil : étude sur les tiers-lieux en milieu rural",
       D("""\
       Bonjour,

       La Médiathèque départementale de Seine-et-Marne souhaite lancer une étude sur la
       transformation de petites bibliothèques rurales en tiers-lieux.

       Avant de rédiger notre cahier des charges, nous aurions besoin de votre avis : y a-t-il des
       études de référence, des indicateurs que vous recommandez, et seriez-vous disposés à faire
       partie du comité de pilotage ? Une rencontre avec votre équipe, sur place ou en visio, nous
       serait très précieuse.

       Très cordialement,

       Céline Moreau
       Cheffe du service développement des territoires
       Médiathèque départementale de Seine-et-Marne
       """), client="outlook_eu", html=True)

m.mail(14, ("bdp", "partnership", "human"), ("Olivier Mathieu", "olivier.mathieu@meuse.fr"),
       "Projet commun autour de la petite enfance",
       D("""\
       Bonjour,

       Nous avons lu avec intérêt votre appel à projets pour des actions communes en direction de la
       petite enfance. La Bibliothèque départementale de la Meuse aimerait y répondre en
       co-construisant avec vous un programme de lectures dans les PMI et les crèches du
       département.

       Nous pourrions mobiliser nos fonds d'albums et nos bibliothécaires, vous apporteriez
       l'ingénierie et la formation des partenaires. Êtes-vous ouverts à la signature d'une
       convention sur trois ans ?

       Olivier Mathieu
       Bibliothèque départementale de la Meuse
       03 29 00 00 00
       """), client="thunderbird", cte="8bit")

m.mail(15, ("bdp", "reference_network", "human"), ("Gwenaëlle Le Bihan", "gwenaelle.lebihan@morbihan.fr"),
       "Intégrer le service de réponses à distance sur notre portail",
       D("""\
       Bonjour,

       Nos usagers nous posent souvent des questions documentaires auxquelles nos petites
       bibliothèques ne peuvent pas répondre. Serait-il possible d'intégrer le formulaire de votre
       service de questions-réponses (widget ou lien) sur le portail de la Médiathèque
       départementale du Morbihan ?

       Si vous avez un kit de communication (logo, texte de présentation), je suis preneuse.

       Merci beaucoup !
       Gwenaëlle
       --
       Gwenaëlle Le Bihan – Médiathèque départementale du Morbihan
       """), client="zimbra")

m.mail(16, ("bdp", "event", "human"), ("Thierry Lemaire", "tlemaire@aisne.fr"),
       "Rencontres départementales des bibliothèques de l'Aisne – 15 octobre",
       D("""\
       Madame, Monsieur,

       La Bibliothèque départementale de l'Aisne organise le 15 octobre à Laon ses Rencontres
       départementales, consacrées cette année à l'accueil des publics éloignés de la lecture.

       Nous souhaiterions inviter un membre de votre service à présenter en séance plénière les
       dispositifs nationaux de soutien aux petites bibliothèques. L'intervention durerait 30
       minutes, suivie d'un échange avec la salle.

       Dans l'attente de votre réponse, je vous prie d'agréer mes salutations distinguées.

       Thierry Lemaire
       Directeur de la Bibliothèque départementale de l'Aisne
       """), client="outlook", cte="base64", html=True)

m.mail(17, ("bdp", "information", "human"), ("Corinne Vialle", "c.vialle@correze.fr"),
       "Demande de documentation",
       D("""\
       Bonjour,

       Pourriez-vous m'envoyer la dernière version de votre brochure de présentation et le rapport
       d'activité 2025 ? Nous préparons un dossier pour notre commission culture.

       Merci d'avance,
       C. Vialle
       Bibliothèque départementale de la Corrèze
       """), client="roundcube", cte="8bit")

m.mail(18, ("bdp", "training", "human"), ("Mélanie Perrier", "melanie.perrier@hautesavoie.fr"),
       "stage désherbage",
       D("""\
       Bonjour,

       Est-ce que vous refaites cette année le stage sur le désherbage et la politique
       documentaire ? Une collègue de Savoie m'en a dit beaucoup de bien et on aurait deux
       bibliothécaires du réseau intéressées.

       Merci et bonne journée
       Mélanie

       Mélanie Perrier | Savoie-biblio / Haute-Savoie
       Bibliothèque départementale de la Haute-Savoie
       """), client="thunderbird", cte="8bit")

m.mail(19, ("bdp", "international", "human"), ("Didier Payet", "didier.payet@cg974.fr"),
       "Coopération régionale océan Indien – bibliothèques de Madagascar",
       D("""\
       Bonjour,

       La Médiathèque départementale de La Réunion développe depuis deux ans des liens avec la
       Bibliothèque nationale de Madagascar et les bibliothèques de l'île Maurice (dons de
       documents, formation de bibliothécaires, résidences croisées).

       Nous souhaiterions inscrire cette coopération internationale dans un cadre plus durable.
       Votre service peut-il nous conseiller sur les financements possibles (AFD, Institut
       français, fonds européens) et nous mettre en relation avec d'autres structures françaises
       engagées dans la coopération décentralisée ?

       Bien à vous,

       Didier Payet
       Chargé de mission coopération régionale
       Médiathèque départementale de La Réunion – Département de La Réunion
       """), client="outlook", html=True)

m.mail(20, ("bdp", "digital_resources", "human"), ("Laurence Roux", "laurence.roux@vaucluse.fr"),
       "TR: Offre presse en ligne 2027 – tarifs collectivités",
       D("""\
       Bonjour,

       Je vous transfère la proposition commerciale reçue ce matin. Avez-vous un avis sur cette
       plateforme de presse en ligne ? Savez-vous si d'autres départements l'ont retenue et si les
       statistiques d'usage sont fiables ? Nous hésitons avec notre abonnement actuel.

       Merci,
       Laurence Roux
       Bibliothèque départementale de Vaucluse
       """) + quote_outlook("Service commercial <collectivites@presse-numerique.example.com>",
                              "mardi 10 mars 2026 08:02", "Roux Laurence <laurence.roux@vaucluse.fr>",
                              "Offre presse en ligne 2027 – tarifs collectivités", """\
       Madame,

       Nous avons le plaisir de vous présenter notre offre 2027 pour les collectivités : plus de
       1 500 titres de presse française et internationale en lecture illimitée, accès à distance
       pour vos abonnés, statistiques mensuelles.

       Tarif départemental : sur devis selon la population desservie.

       L'équipe commerciale"""), client="outlook", html=True)

m.mail(21, ("bdp", "expertise", "human"), ("Frédérique Muller", "frederique.muller@alsace.eu"),
       "Demande d'appui – enquête sur les publics du réseau",
       D("""\
       Bonjour,

       La Médiathèque départementale d'Alsace (Collectivité européenne d'Alsace) prépare une
       enquête sur les publics de ses 300 bibliothèques partenaires.

       Pourriez-vous nous apporter un appui méthodologique ? Nous aurions besoin d'un regard
       extérieur sur notre questionnaire et sur la manière d'exploiter les résultats. Votre service
       réalise-t-il ce genre d'accompagnement ou pouvez-vous nous orienter vers un prestataire ?

       Merci de votre aide,
       Frédérique Muller
       Service études et prospective – Médiathèque départementale d'Alsace
       """), client="outlook_eu", html=True)

m.mail(22, ("bdp", "training", "human"), ("Sylvie Delmas", "sylvie.delmas46@gmail.com"),
       "Inscription webinaire bénévoles",
       D("""\
       Bonjour,

       Je vous écris depuis ma boîte perso car je suis en déplacement. Je souhaiterais inscrire
       cinq bénévoles de notre réseau au webinaire « Accueillir en bibliothèque » du 21 mai.
       Faut-il passer par le formulaire en ligne ou puis-je vous envoyer la liste ?

       Merci,

       Sylvie Delmas
       Bibliothèque départementale du Lot
       Conseil départemental du Lot
       """), client="gmail", html=True)

m.mail(23, ("bdp", "information", "auto_reply"), ("Patrick Gauthier", "patrick.gauthier@yonne.fr"),
       "Réponse automatique : Re: Convention de partenariat 2027",
       D("""\
       Bonjour,

       Je suis actuellement en congés et serai de retour le 2 septembre.
       En cas d'urgence, vous pouvez joindre la Bibliothèque départementale de l'Yonne au
       03 86 72 00 00.

       Cordialement,
       Patrick Gauthier
       """), client="outlook", headers=AR, return_path="")

m.mail(24, ("bdp", "training", "bulk"), ("Médiathèque départementale de Loire-Atlantique", "newsletter@loire-atlantique.fr"),
       "La Lettre de la MDLA – Programme de formation du 1er semestre",
       D("""\
       La Lettre de la Médiathèque départementale de Loire-Atlantique – n°38
       Voir la version en ligne

       PROGRAMME DE FORMATION – 1ER SEMESTRE
       Les inscriptions sont ouvertes pour les stages du premier semestre :
       - Accueillir les tout-petits en bibliothèque (2 jours, Nantes)
       - Les bases du catalogage pour les bénévoles (1 jour, Châteaubriant)
       - Animer un atelier numérique (1 jour, en visioconférence)
       - Désherber sans culpabiliser (1 jour, Ancenis)

       Les formations sont gratuites pour les bibliothèques du réseau départemental.
       Inscriptions sur le portail professionnel avant le 15 janvier.

       À NOTER
       Le catalogue complet des formations est téléchargeable en PDF.

       Vous recevez cette lettre car vous êtes inscrit à la liste d'information de la MDLA.
       Se désinscrire : https://r.sendibt3.com/mk/un/loire-atlantique
       """), client="thunderbird", html=True, return_path="bounces-8815@sendibt3.com",
       headers=[("List-Unsubscribe", "<https://r.sendibt3.com/mk/un/loire-atlantique>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                ("X-Mailer", "Sendinblue"), ("X-Mailin-Campaign", "38"),
                ("Feedback-ID", "38:8815:campaign:sendinblue")])

# ---------------------------------------------------------------- bmvr
m.mail(25, ("bmvr", "event", "human"), ("Claire Desbordes", "claire_desbordes@ville-limoges.fr"),
       "Invitation – colloque « Bibliothèques et patrimoine vivant » à la Bfm",
       D("""\
       Madame, Monsieur,

       La Bibliothèque francophone multimédia de Limoges accueillera les 19 et 20 novembre un
       colloque consacré au patrimoine vivant en bibliothèque (fonds locaux, collectes de mémoire,
       valorisation numérique).

       Nous souhaiterions vous inviter à y intervenir lors de la séance d'ouverture, pour présenter
       les actions nationales de coopération. Un programme provisoire est joint.

       Avec mes salutations les plus cordiales,

       Claire Desbordes
       Directrice adjointe
       Bfm – Bibliothèque francophone multimédia de Limoges
       """), client="outlook", html=True)

m.mail(26, ("bmvr", "partnership", "human"), ("Romain Castex", "romain.castex@mairie-toulouse.fr"),
       "Partenariat Médiathèque José Cabanis – cycle de rencontres 2027",
       D("""\
       Bonjour,

       La Médiathèque José Cabanis souhaiterait s'associer à votre établissement pour co-organiser
       un cycle de rencontres autour des littératures du monde, avec une captation diffusée dans les
       deux établissements.

       Nous pourrions formaliser ce partenariat par une convention : prise en charge partagée des
       cachets des auteurs, communication commune, logos. Qui serait votre interlocuteur pour en
       discuter ?

       Cordialement,
       Romain Castex
       Responsable de la programmation culturelle
       Bibliothèque de Toulouse – Médiathèque José Cabanis
       """), client="zimbra", html=True)

m.mail(27, ("bmvr", "digital_resources", "human"), ("Laetitia Orsini", "laetitia.orsini@ville-nice.fr"),
       "Question sur les licences de VOD et d'autoformation",
       D("""\
       Bonjour,

       La Bibliothèque Louis Nucéra (BMVR de Nice) va renouveler ses ressources en ligne :
       vidéo à la demande, autoformation (code de la route, langues, bureautique) et presse.

       Nous aimerions savoir si les tarifs négociés par le consortium sont accessibles aux
       bibliothèques municipales, et si vous avez un comparatif des plateformes. Nos statistiques
       de consultation de la VOD ont chuté depuis deux ans, d'où nos interrogations.

       Merci d'avance,

       Laetitia Orsini
       Pôle numérique – Bibliothèques de Nice
       """), client="outlook", html=True)

m.mail(28, ("bmvr", "reference_network", "human"), ("Benoît Lefort", "benoit.lefort@orleans-metropole.fr"),
       "Nouveaux répondants pour le réseau de questions-réponses",
       D("""\
       Bonjour,

       Les médiathèques d'Orléans participent au réseau de questions-réponses depuis 2012. Suite à
       des départs, nous aurions deux nouveaux répondants à former, spécialisés en patrimoine
       et en sciences.

       Pouvez-vous créer leurs comptes sur l'outil de réponse et nous dire quand aura lieu la
       prochaine session d'accueil des répondants ?

       Bien cordialement,
       Benoît Lefort
       Médiathèque d'Orléans
       """), client="outlook_eu", html=True)

m.mail(29, ("bmvr", "international", "human"), ("Inès Garcia", "i.garcia@montpellier3m.fr"),
       "Échange de bibliothécaires avec Barcelone et Heidelberg",
       D("""\
       Bonjour,

       Le réseau des médiathèques de Montpellier Méditerranée Métropole, dont la Médiathèque
       Émile Zola, prépare un échange de bibliothécaires avec les bibliothèques de Barcelone et la
       Stadtbibliothek de Heidelberg, villes jumelles.

       Pourriez-vous nous indiquer si votre service peut soutenir ce type de mobilité
       internationale (contacts, retours d'expérience, éventuels financements) ?

       Merci beaucoup,

       Inès Garcia
       Chargée des relations internationales
       Médiathèque centrale Émile Zola – Montpellier Méditerranée Métropole
       """), client="outlook", html=True)

m.mail(30, ("bmvr", "expertise", "human"), ("François Lhuillier", "f.lhuillier@troyes-cm.fr"),
       "Demande d'expertise – conservation des fonds anciens",
       D("""\
       Bonjour,

       La Médiathèque Jacques-Chirac de Troyes Champagne Métropole conserve un important fonds
       ancien (manuscrits de Clairvaux, imprimés). Dans le cadre du projet de rénovation de nos
       magasins, nous souhaiterions l'avis d'un expert sur les conditions de conservation
       (climatisation, rayonnages compacts, plan de sauvegarde).

       Une visite sur site serait-elle envisageable ce printemps ?

       Respectueusement,
       François Lhuillier
       Responsable du patrimoine
       Médiathèque Jacques-Chirac – BMVR de Troyes
       """), client="outlook", html=True)

m.mail(31, ("bmvr", "training", "human"), ("Aurélie Noël", "aurelie.noel@chalons-agglo.fr"),
       "Accueil en stage d'une élève de master",
       D("""\
       Bonjour,

       Une étudiante en master métiers du livre, actuellement en stage à la Bibliothèque
       Georges-Pompidou de Châlons-en-Champagne, souhaiterait passer une semaine d'observation dans
       votre service pour son mémoire sur la coopération.

       Serait-il possible de l'accueillir en mai ? Je peux vous transmettre son CV et la convention
       de stage.

       Bien cordialement,
       Aurélie Noël
       Bibliothèque Georges-Pompidou – Châlons-en-Champagne
       """), client="thunderbird", cte="8bit")

m.mail(32, ("bmvr", "event", "human"), ("Gaëlle Tanguy", "g.tanguy@leschampslibres.fr"),
       "RE: Colloque « Lire en 2030 » – votre intervention",
       D("""\
       Bonjour,

       Merci pour votre accord de principe ! Je vous confirme donc votre intervention au colloque
       le mardi 24 novembre à 14h30, dans l'auditorium des Champs Libres. Pourriez-vous me faire
       parvenir un titre et un court résumé d'ici la fin du mois, ainsi que vos besoins techniques ?

       Le déjeuner des intervenants aura lieu à 12h30.

       Bien à vous,
       Gaëlle Tanguy
       Bibliothèque des Champs Libres – Rennes
       """) + quote_outlook("Service coopération <cooperation@example.org>", "jeudi 15 octobre 2026 16:40",
                              "Tanguy Gaëlle <g.tanguy@leschampslibres.fr>",
                              "Colloque « Lire en 2030 » – votre intervention", """\
       Bonjour,

       Nous acceptons volontiers votre invitation. Notre chargée des formations pourrait présenter
       le bilan des stages et des webinaires proposés aux bibliothèques en 2026.

       Cordialement"""), client="outlook", html=True, reply=True)

m.mail(33, ("bmvr", "information", "auto_reply"), ("Stéphanie Roussel", "s.roussel@reims.fr"),
       "Absente : Enquête annuelle sur les bibliothèques",
       D("""\
       Bonjour,

       Je suis absente jusqu'au 28 août. Pour toute question relative à la Bibliothèque Carnegie ou
       à la médiathèque Jean-Falala, merci de contacter le secrétariat de direction :
       bibliotheques@reims.fr.

       Bien cordialement,
       Stéphanie Roussel
       """), client="zimbra", headers=[("Precedence", "auto_reply")], return_path="")

m.raw(34, ("bmvr", "information", "bounce"), """\
Return-Path: <>
Received: from mail.toulouse-metropole.fr (mail.toulouse-metropole.fr [198.51.100.84])
	by mx.example.org (Postfix) with ESMTPS id 4F0B63A991
	for <cooperation@example.org>; Mon, 20 Apr 2026 09:45:02 +0200
From: <postmaster@toulouse-metropole.fr>
To: <cooperation@example.org>
Date: Mon, 20 Apr 2026 07:44:58 +0000
Subject: Undeliverable: Programme des Journées de la coopération
Message-ID: <8e2ad7c1-04b4-4f61-93b2-7a65f0e4c3aa@DB9PR09MB4411.eurprd09.prod.outlook.com>
Content-Language: en-US
X-MS-Exchange-Message-Is-Ndr: 
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="_000_8e2ad7c104b44f6193b27a65f0e4c3aa_"

--_000_8e2ad7c104b44f6193b27a65f0e4c3aa_
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: 7bit

Delivery has failed to these recipients or groups:

direction.bibliotheque@toulouse-metropole.fr
The email address you entered couldn't be found. Please check the recipient's email address and try to send your message again. If the problem continues, please contact your helpdesk.

Diagnostic information for administrators:

Generating server: DB9PR09MB4411.eurprd09.prod.outlook.com

direction.bibliotheque@toulouse-metropole.fr
Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'

--_000_8e2ad7c104b44f6193b27a65f0e4c3aa_
Content-Type: message/delivery-status

Reporting-MTA: dns;DB9PR09MB4411.eurprd09.prod.outlook.com
Received-From-MTA: dns;mx.example.org
Arrival-Date: Mon, 20 Apr 2026 07:44:55 +0000

Final-Recipient: rfc822;direction.bibliotheque@toulouse-metropole.fr
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found

--_000_8e2ad7c104b44f6193b27a65f0e4c3aa_
Content-Type: text/rfc822-headers

From: Service de la coopération <cooperation@example.org>
To: <direction.bibliotheque@toulouse-metropole.fr>
Subject: Programme des Journées de la coopération
Date: Mon, 20 Apr 2026 09:44:50 +0200
Message-ID: <coop.19a2b3c4d5e6.1776671090@helpdesk.example.org>

--_000_8e2ad7c104b44f6193b27a65f0e4c3aa_--
""", lang="en")
